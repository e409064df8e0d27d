package dev.silk.core.internal.node;

import dev.silk.crypto.HttpBinding;
import java.io.IOException;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.HeaderMap;
import retrofit2.http.POST;
import retrofit2.http.Tag;

/** The node's HTTP API (spec-v1 §10, §13.4), as a Retrofit interface over raw bytes. */
public interface NodeApi {
  MediaType ENVELOPE = MediaType.get(HttpBinding.ENVELOPE_TYPE);
  MediaType CHANNEL_REQUEST = MediaType.get(HttpBinding.CHANNEL_REQUEST_TYPE);

  /**
   * A sealed envelope as a one-shot body: OkHttp never sends it again once it began sending it.
   * Its transparent retry (a reused or HTTP/2 connection that fails mid-exchange) would re-send
   * the same envelope, which the node has recorded before serving it and must refuse as a replay;
   * Silk's own retries seal afresh instead.
   */
  static RequestBody envelope(byte[] bytes) {
    return new RequestBody() {
      @Override
      public MediaType contentType() {
        return ENVELOPE;
      }

      @Override
      public long contentLength() {
        return bytes.length;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        sink.write(bytes);
      }

      @Override
      public boolean isOneShot() {
        return true;
      }
    };
  }

  @GET(HttpBinding.NODE)
  Call<ResponseBody> descriptor();

  @POST(HttpBinding.SEALED_CHAT)
  Call<ResponseBody> sealedCompletion(@Body RequestBody envelope, @HeaderMap Map<String, String> headers,
      @Tag WireMark wire);

  @POST(HttpBinding.CHANNEL_STATUS)
  Call<ResponseBody> channelStatus(@Body RequestBody signedRequest);

  @POST(HttpBinding.CHANNEL_COMMIT)
  Call<ResponseBody> channelCommit(@Body RequestBody commitRequest);
}
