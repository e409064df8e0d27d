/**
 * COCOON's wire formats, one home each for both sides (Silk's COCOON client and the COCOON test
 * proxy): the proof of work before TLS, the framing inside it, TL and the constructor ids of
 * COCOON's schema, and the client protocol's messages. Read from COCOON's source
 * (TelegramMessenger/cocoon) and checked against its compiled schema and its router.
 */
package dev.silk.crypto.cocoon;
