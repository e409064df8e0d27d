package dev.silk.core.models;

import java.util.List;

/** The models resource: {@code client.models().list()}. Thread-safe. */
public interface Models {
  /** The models the client's node or runner serves now. */
  List<Model> list();
}
