/**
 * Paying from an app that must not hold the wallet (an Android app that cannot bundle GPL code,
 * say): the app's {@link dev.silk.core.payment.remote.RemotePaymentProvider} asks the app's own
 * backend, where a {@link dev.silk.core.payment.remote.RemotePaymentService} wraps the real
 * provider (sdk-ton's channels), for each signed payment state. The prompt still goes from the
 * app to the node sealed end to end; the backend sees only amounts.
 *
 * <pre>{@code
 * // app
 * PaymentProvider pay = RemotePaymentProvider.builder()
 *     .backend("https://backend.example/silk/payments")
 *     .header("Authorization", () -> "tma " + initData)
 *     .build();
 * // backend, inside any HTTP framework: POST /silk/payments/{operation}
 * RemotePaymentService service = new RemotePaymentService(nodeChannels);
 * RemotePaymentService.Reply reply = service.handle(operation, requestBody);
 * }</pre>
 */
package dev.silk.core.payment.remote;
