package dev.silk.ton.internal;

import okhttp3.MediaType;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Query;

/** The TON Center v2 HTTP API subset Silk uses, over raw JSON bytes. */
public interface TonCenterApi {
  MediaType JSON = MediaType.get("application/json");

  static RequestBody json(byte[] bytes) {
    return RequestBody.create(JSON, bytes);
  }

  @GET("getAddressInformation")
  Call<ResponseBody> getAddressInformation(@Query("address") String address);

  @GET("getAddressBalance")
  Call<ResponseBody> getAddressBalance(@Query("address") String address);

  @POST("runGetMethod")
  Call<ResponseBody> runGetMethod(@Body RequestBody json);

  @POST("sendBoc")
  Call<ResponseBody> sendBoc(@Body RequestBody json);

  @POST("sendBocReturnHash")
  Call<ResponseBody> sendBocReturnHash(@Body RequestBody json);

  @GET("getTransactions")
  Call<ResponseBody> getTransactions(@Query("address") String address, @Query("limit") int limit,
      @Query("lt") Long lt, @Query("hash") String hash, @Query("archival") Boolean archival);

  @POST("estimateFee")
  Call<ResponseBody> estimateFee(@Body RequestBody json);
}
