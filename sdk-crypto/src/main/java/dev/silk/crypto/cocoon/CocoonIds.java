package dev.silk.crypto.cocoon;

/**
 * The TL constructor ids of COCOON's schema that the client uses. Each is CRC-32 of its
 * declaration in {@code cocoon_api.tl} with whitespace collapsed and parentheses removed, or the
 * id the declaration gives explicitly ({@code name#id}); {@code vector} is TL's built-in
 * {@code 0x1cb5c415}. {@code CocoonIdsTest} recomputes every one from the schema and checks it
 * against the compiled {@code cocoon_api.tlo}.
 */
public final class CocoonIds {
  private CocoonIds() {}

  /** {@code vector {t:Type} # [ t ] = Vector t} */
  public static final int VECTOR = 0x1cb5c415;
  /** {@code boolTrue} */
  public static final int BOOL_TRUE = 0x997275b5;
  /** {@code boolFalse} */
  public static final int BOOL_FALSE = 0xbc799737;
  /** {@code tcp.ping} */
  public static final int TCP_PING = 0xbbe9627c;
  /** {@code tcp.pong} */
  public static final int TCP_PONG = 0x0bd4302c;
  /** {@code tcp.packet} */
  public static final int TCP_PACKET = 0x9c17baf8;
  /** {@code tcp.queryAnswer} */
  public static final int TCP_QUERY_ANSWER = 0xc048c311;
  /** {@code tcp.queryError} */
  public static final int TCP_QUERY_ERROR = 0x4cd2f602;
  /** {@code tcp.query} */
  public static final int TCP_QUERY = 0x3af51908;
  /** {@code tcp.connected} */
  public static final int TCP_CONNECTED = 0x636d41d6;
  /** {@code tcp.connect} */
  public static final int TCP_CONNECT = 0xa57c4261;
  /** {@code tokensUsed} */
  public static final int TOKENS_USED = 0x70c5b15c;
  /** {@code client.params} */
  public static final int CLIENT_PARAMS = 0x40fdca64;
  /** {@code proxy.params} */
  public static final int PROXY_PARAMS = 0xd5c5609f;
  /** {@code client.proxyConnectionAuthShort} */
  public static final int CLIENT_PROXY_CONNECTION_AUTH_SHORT = 0xd6ffc5af;
  /** {@code client.proxyConnectionAuthLong} */
  public static final int CLIENT_PROXY_CONNECTION_AUTH_LONG = 0x417bf016;
  /** {@code client.authorizationWithProxySuccess} */
  public static final int CLIENT_AUTHORIZATION_WITH_PROXY_SUCCESS = 0x75d5ac34;
  /** {@code client.authorizationWithProxyFailed} */
  public static final int CLIENT_AUTHORIZATION_WITH_PROXY_FAILED = 0x60551c96;
  /** {@code client.connectedToProxy} */
  public static final int CLIENT_CONNECTED_TO_PROXY = 0x95317ad1;
  /** {@code client.queryFinalInfo} */
  public static final int CLIENT_QUERY_FINAL_INFO = 0x69a452f0;
  /** {@code client.queryAnswerEx} */
  public static final int CLIENT_QUERY_ANSWER_EX = 0xcd524720;
  /** {@code client.queryAnswerErrorEx} */
  public static final int CLIENT_QUERY_ANSWER_ERROR_EX = 0x072562a8;
  /** {@code client.queryAnswerPartEx} */
  public static final int CLIENT_QUERY_ANSWER_PART_EX = 0xc07bfaec;
  /** {@code client.refund} */
  public static final int CLIENT_REFUND = 0x83aabead;
  /** {@code client.refundRejected} */
  public static final int CLIENT_REFUND_REJECTED = 0xcf9d9957;
  /** {@code client.workerInstanceV2} */
  public static final int CLIENT_WORKER_INSTANCE_V2 = 0x3ea93d00;
  /** {@code client.workerTypeV2} */
  public static final int CLIENT_WORKER_TYPE_V2 = 0xb27d8197;
  /** {@code client.workerTypesV2} */
  public static final int CLIENT_WORKER_TYPES_V2 = 0x0cf0dc67;
  /** {@code client.paymentStatus} */
  public static final int CLIENT_PAYMENT_STATUS = 0xaa8a0ecc;
  /** {@code client.connectToProxy} */
  public static final int CLIENT_CONNECT_TO_PROXY = 0xff5fa0f4;
  /** {@code client.authorizeWithProxyShort} */
  public static final int CLIENT_AUTHORIZE_WITH_PROXY_SHORT = 0x6c276723;
  /** {@code client.authorizeWithProxyLong} */
  public static final int CLIENT_AUTHORIZE_WITH_PROXY_LONG = 0xd3474303;
  /** {@code client.runQueryEx} */
  public static final int CLIENT_RUN_QUERY_EX = 0xf54cb74b;
  /** {@code client.requestRefund} */
  public static final int CLIENT_REQUEST_REFUND = 0x238d863d;
  /** {@code client.updatePaymentStatus} */
  public static final int CLIENT_UPDATE_PAYMENT_STATUS = 0x9ed1c697;
  /** {@code client.getWorkerTypesV2} */
  public static final int CLIENT_GET_WORKER_TYPES_V2 = 0xb2133d72;
  /** {@code proxy.signedPayment} */
  public static final int PROXY_SIGNED_PAYMENT = 0x02998182;
  /** {@code proxy.signedPaymentEmpty} */
  public static final int PROXY_SIGNED_PAYMENT_EMPTY = 0xb347ce64;
  /** {@code proxy.clientRequestPayment} */
  public static final int PROXY_CLIENT_REQUEST_PAYMENT = 0xc6bcf127;
  /** {@code http.header} */
  public static final int HTTP_HEADER = 0x8e9be511;
  /** {@code http.request} */
  public static final int HTTP_REQUEST = 0x47492de5;
  /** {@code http.response} */
  public static final int HTTP_RESPONSE = 0x1cd0c42b;
}
