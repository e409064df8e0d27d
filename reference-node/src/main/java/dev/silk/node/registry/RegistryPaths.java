package dev.silk.node.registry;

/** The registry's HTTP paths (spec-v1 §14). */
public final class RegistryPaths {
  public static final String LIST = "/v1/registry";
  public static final String ANNOUNCE = "/v1/registry/announce";
  public static final String LIST_TYPE = "application/vnd.silk.registry-list";

  private RegistryPaths() {}
}
