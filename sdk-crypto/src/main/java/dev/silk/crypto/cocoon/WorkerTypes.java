package dev.silk.crypto.cocoon;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * {@code client.getWorkerTypesV2} and its answer {@code client.workerTypesV2}: the models a proxy
 * serves and, for each, its workers' price coefficients and load, as COCOON's runner lists them
 * for {@code /v1/models}. One home for both sides. Immutable.
 */
public final class WorkerTypes {
  /** A proxy lists at most this many models, and this many workers per model, here. */
  public static final int MAX_ENTRIES = 4096;

  /** One worker of a model ({@code client.workerInstanceV2}). */
  public static final class Worker {
    public final int flags;
    /** Its price coefficient (1000 = 1x). */
    public final int coefficient;
    public final int activeRequests;
    public final int maxActiveRequests;

    public Worker(int coefficient, int activeRequests, int maxActiveRequests) {
      this(0, coefficient, activeRequests, maxActiveRequests);
    }

    private Worker(int flags, int coefficient, int activeRequests, int maxActiveRequests) {
      this.flags = flags;
      this.coefficient = coefficient;
      this.activeRequests = activeRequests;
      this.maxActiveRequests = maxActiveRequests;
    }
  }

  /** One model and its workers ({@code client.workerTypeV2}). */
  public static final class Type {
    public final String name;
    public final List<Worker> workers;

    public Type(String name, List<Worker> workers) {
      this.name = Objects.requireNonNull(name, "name");
      this.workers = Collections.unmodifiableList(new ArrayList<>(workers));
    }
  }

  public final List<Type> types;

  public WorkerTypes(List<Type> types) {
    this.types = Collections.unmodifiableList(new ArrayList<>(types));
  }

  /** The query: {@code client.getWorkerTypesV2}. */
  public static byte[] request() {
    return new TlWriter().id(CocoonIds.CLIENT_GET_WORKER_TYPES_V2).toByteArray();
  }

  public byte[] toTl() {
    // Bare vectors of bare elements, as the schema declares them: no ids inside.
    TlWriter out = new TlWriter().id(CocoonIds.CLIENT_WORKER_TYPES_V2).i32(types.size());
    for (Type t : types) {
      out.string(t.name).i32(t.workers.size());
      for (Worker w : t.workers) {
        out.i32(w.flags).i32(w.coefficient).i32(w.activeRequests).i32(w.maxActiveRequests);
      }
    }
    return out.toByteArray();
  }

  public static WorkerTypes parse(byte[] tl) throws TlReader.TlException {
    TlReader in = new TlReader(tl);
    in.id(CocoonIds.CLIENT_WORKER_TYPES_V2);
    int count = in.vector(MAX_ENTRIES);
    List<Type> types = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String name = in.string();
      int n = in.vector(MAX_ENTRIES);
      List<Worker> workers = new ArrayList<>(n);
      for (int j = 0; j < n; j++) {
        workers.add(new Worker(in.i32(), in.i32(), in.i32(), in.i32()));
      }
      types.add(new Type(name, workers));
    }
    in.end();
    return new WorkerTypes(types);
  }
}
