package dev.silk.core.internal.cocoon;

import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;

/** The COCOON client runner's local HTTP API, as a Retrofit interface over raw JSON bytes. */
interface CocoonApi {
  MediaType JSON = MediaType.get("application/json");
  String CHAT_PATH = "v1/chat/completions";

  static RequestBody json(byte[] bytes) {
    return RequestBody.create(JSON, bytes);
  }

  @GET("v1/models")
  Call<ResponseBody> models();

  /** @param record what the native transport learns of the exchange (null for a runner) */
  @POST(CHAT_PATH)
  Call<ResponseBody> chat(@Body RequestBody json,
      @retrofit2.http.Tag dev.silk.core.internal.cocoon.CocoonInterceptor.Record record);

  @POST("v1/completions")
  Call<ResponseBody> text(@Body RequestBody json);
}
