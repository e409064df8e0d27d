package dev.silk.core.internal;

import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Tag;

/** The node's HTTP API (spec-v1 §12), as a Retrofit interface over raw bytes. */
interface NodeApi {
  MediaType ENVELOPE = MediaType.get("application/vnd.silk.envelope");
  String SEALED_PATH = "v1/sealed/chat/completions";
  MediaType CHANNEL_STATUS_REQUEST = MediaType.get("application/vnd.silk.channel-status-request");

  static RequestBody envelope(byte[] bytes) {
    return RequestBody.create(ENVELOPE, bytes);
  }

  @GET("v1/node")
  Call<ResponseBody> descriptor();

  @POST(SEALED_PATH)
  Call<ResponseBody> sealedCompletion(@Body RequestBody envelope, @Tag WireMark wire);

  @POST("v1/channel/status")
  Call<ResponseBody> channelStatus(@Body RequestBody signedRequest);

  @POST("v1/channel/commit")
  Call<ResponseBody> channelCommit(@Body RequestBody commitRequest);
}
