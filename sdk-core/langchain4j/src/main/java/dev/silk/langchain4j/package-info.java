/**
 * Silk for LangChain4j: {@link dev.silk.langchain4j.SilkChatModel} and
 * {@link dev.silk.langchain4j.SilkStreamingChatModel} put sealed, paid, verified answers behind
 * LangChain4j's chat model interfaces, so AI services, tools and listeners work unchanged.
 */
package dev.silk.langchain4j;
