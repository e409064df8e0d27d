package dev.silk.examples.cli;

import dev.silk.cocoon.testproxy.LocalCocoon;
import dev.silk.core.SilkClient;
import dev.silk.core.Verification;
import dev.silk.core.chat.ChatCompletion;
import dev.silk.core.chat.ChatCompletionChunk;
import dev.silk.core.chat.ChatCompletionCreateParams;
import dev.silk.core.chat.ChatMessage;
import dev.silk.core.cocoon.CocoonProxy;
import dev.silk.core.errors.SilkException;
import dev.silk.core.payment.TonAmount;
import dev.silk.core.stream.StreamResponse;
import dev.silk.crypto.SilkCryptoException;
import dev.silk.crypto.attestation.AttestationPolicy;
import dev.silk.crypto.descriptor.ModelInfo;
import dev.silk.crypto.descriptor.NodeDescriptor;
import dev.silk.crypto.descriptor.SignedDescriptor;
import dev.silk.crypto.encoding.Hex;
import dev.silk.crypto.receipt.Receipt;
import dev.silk.crypto.receipt.SignedReceipt;
import dev.silk.testing.SilkTestNode;
import dev.silk.ton.cocoon.TonCocoonAccount;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code silk}: the network from a terminal. {@code chat} and {@code stream} ask a node (or, with
 * {@code --local}, a local paid node started for the call; with {@code --cocoon}, a local COCOON
 * network through Silk's native COCOON client), {@code descriptor} shows a node's
 * verified descriptor, {@code verify-receipt} checks an exported receipt against a node. Exit
 * code 0 on success, 1 on a refused or failed check, 2 on bad usage. Run:
 * {@code ./mvnw -q -pl examples -am compile exec:java -Dsilk.example=dev.silk.examples.cli.SilkCli -Dexec.args="--help"}
 */
@Command(name = "silk", mixinStandardHelpOptions = true, description = "Try the Silk network from a terminal.",
    footer = {"", "Exit codes: 0 done; 1 refused or failed (the reason on standard error); 2 bad usage."},
    subcommands = {SilkCli.Chat.class, SilkCli.Stream.class, SilkCli.Descriptor.class, SilkCli.VerifyReceipt.class})
public final class SilkCli implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    int code = run(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the command and returns its exit code (for tests). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new SilkCli());
    cli.setOut(new PrintWriter(System.out, true));
    cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
      // A typed failure is an answer for the user, not a stack trace.
      if (e instanceof SilkException) {
        commandLine.getErr().println("FAILED       " + inFlags(e.getMessage()));
        return 1;
      }
      throw e;
    });
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The SDK's messages name its builder methods; a CLI user needs the flag that does the same. */
  static String inFlags(String message) {
    return message.replace("allowInsecureDevAttestation()", "--allow-insecure-dev-attestation (or --local)");
  }

  /** Where to send: a node URL, or a local node started for this call. */
  static final class Target {
    @Option(names = "--node", paramLabel = "URL", description = "The node's base URL.")
    String node;

    @Option(names = "--local", description = "Start a local paid node (echo model, fake-TON chain) for this call.")
    boolean local;

    @Option(names = "--cocoon", description = "Ask through Silk's native COCOON client, against a local COCOON "
        + "network started for this call (the COCOON test proxy with an echo model, fake-TON chain).")
    boolean cocoon;

    /** For --cocoon: the account that paid, to show its contract after the call. */
    TonCocoonAccount cocoonAccount;

    @Option(names = "--allow-insecure-dev-attestation", description = "Accept nodes with dev attestation "
        + "(INSECURE: proves nothing; for local nodes). Implied by --local.")
    boolean allowDev;

    @Option(names = "--model", defaultValue = "echo", description = "The model (default: ${DEFAULT-VALUE}).")
    String model;

    /** The words as one user message to the target's model. */
    ChatCompletionCreateParams ask(String[] words) {
      ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder()
          .model(cocoon ? LocalCocoon.MODEL : model).addMessage(ChatMessage.user(String.join(" ", words)));
      if (cocoon) {
        b.maxTokens(256); // COCOON's proxy reserves max_tokens at the highest price: keep it modest
      }
      return b.build();
    }

    /** What a COCOON answer proves and cost, and the client contract before and after the proxy's charge. */
    void printCocoon(Verification verification) throws InterruptedException {
      System.out.println("-- " + verification.level().description() + ", cost " + verification.cost() + " ("
          + verification.cost().nanoton() + " nanoTON at the root config's prices)");
      CocoonProxy proxy = cocoonAccount.proxies().get(0);
      for (int i = 0; i < 500 && !cocoonAccount.newestCharge(proxy).isPresent(); i++) {
        Thread.sleep(10); // the proxy's signed charge follows its answer
      }
      System.out.println("contract     " + cocoonAccount.clientContract(proxy).toRaw());
      System.out.println("balance      " + cocoonAccount.state(proxy).balance() + " before the proxy's charge");
      if (cocoonAccount.charge(proxy).isPresent()) {
        System.out.println("balance      " + cocoonAccount.state(proxy).balance() + " after it is committed ("
            + cocoonAccount.newestCharge(proxy).get().tokens() + " adjusted tokens)");
      }
    }

    /** Runs {@code use} with a client of the target, starting and stopping a local node if asked. */
    <T> T with(ClientUse<T> use) throws Exception {
      if ((local ? 1 : 0) + (node != null ? 1 : 0) + (cocoon ? 1 : 0) != 1) {
        throw new CommandLine.ParameterException(new CommandLine(new SilkCli()),
            "give exactly one of --node, --local and --cocoon");
      }
      if (cocoon) {
        try (LocalCocoon network = LocalCocoon.builder().start()) {
          cocoonAccount = network.account(b -> b.deposit(TonAmount.ofTon("2")));
          try (SilkClient client = SilkClient.builder().clock(network.clock())
              .cocoon(network.cocoonNative(cocoonAccount).build()).build()) {
            return use.apply(client);
          }
        }
      }
      if (local) {
        try (SilkTestNode testNode = SilkTestNode.builder().build()) {
          return use.apply(testNode.client());
        }
      }
      AttestationPolicy.Builder policy = AttestationPolicy.builder();
      if (allowDev) {
        policy.allowInsecureDevAttestation();
      }
      try (SilkClient client = SilkClient.builder().baseUrl(node).attestationPolicy(policy.build()).build()) {
        return use.apply(client);
      }
    }
  }

  interface ClientUse<T> {
    T apply(SilkClient client) throws Exception;
  }

  @Command(name = "chat", mixinStandardHelpOptions = true, description = "Ask once; print the answer and its receipt.")
  static final class Chat implements Callable<Integer> {
    @Mixin
    Target target;

    @Parameters(arity = "1..*", paramLabel = "MESSAGE", description = "What to ask.")
    String[] words;

    @Override
    public Integer call() throws Exception {
      return target.with(client -> {
        ChatCompletion answer = client.chat().completions().create(target.ask(words));
        System.out.println(answer.content());
        if (target.cocoon) {
          target.printCocoon(answer.verification());
          return 0;
        }
        System.out.println("-- verified receipt from node " + answer.receipt().receipt().nodeId().toHex().substring(0, 16)
            + ", paid " + answer.cost());
        System.out.println(answer.receipt().toExportString());
        return 0;
      });
    }
  }

  @Command(name = "stream", mixinStandardHelpOptions = true, description = "Ask and print the answer as it streams.")
  static final class Stream implements Callable<Integer> {
    @Mixin
    Target target;

    @Parameters(arity = "1..*", paramLabel = "MESSAGE", description = "What to ask.")
    String[] words;

    @Override
    public Integer call() throws Exception {
      return target.with(client -> {
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(target.ask(words))) {
          while (stream.hasNext()) {
            System.out.print(stream.next().delta());
            System.out.flush();
          }
          System.out.println();
          if (target.cocoon) {
            target.printCocoon(stream.verification());
            return 0;
          }
          System.out.println("-- verified receipt, paid " + stream.cost());
          System.out.println(stream.receipt().toExportString());
        }
        return 0;
      });
    }
  }

  @Command(name = "descriptor", mixinStandardHelpOptions = true, description = "Show a node's verified descriptor.")
  static final class Descriptor implements Callable<Integer> {
    @Mixin
    Target target;

    @Override
    public Integer call() throws Exception {
      return target.with(client -> {
        SignedDescriptor signed = client.node();
        NodeDescriptor d = signed.descriptor();
        System.out.println("node id      " + signed.nodeId().toHex());
        System.out.println("descriptor   " + Hex.encode(signed.hash()));
        System.out.println("valid        " + d.notBefore() + " .. " + d.notAfter() + " (epoch " + d.epoch() + ")");
        System.out.println("attestation  " + d.attestation().format() + ": " + client.attestation());
        System.out.println("operator     " + d.operator().map(o -> o.operatorId().toHex()).orElse("none (no endorsement)"));
        System.out.println("payment      " + d.payment().scheme()
            + (d.payment().isFree() ? "" : " (at most " + d.payment().maxInFlight() + " in flight per channel)"));
        for (ModelInfo m : d.models()) {
          System.out.println("model        " + m.name() + " (" + m.backend() + "): " + m.promptNanotonPer1k()
              + " / " + m.completionNanotonPer1k() + " nanoTON per 1K prompt / completion tokens");
        }
        return 0;
      });
    }
  }

  @Command(name = "verify-receipt", mixinStandardHelpOptions = true,
      description = "Check an exported receipt (silk-receipt-v1...) against the node that signed it.")
  static final class VerifyReceipt implements Callable<Integer> {
    @Mixin
    Target target;

    @Parameters(paramLabel = "FILE", description = "A file holding the receipt's export string.")
    Path file;

    @Override
    public Integer call() throws Exception {
      String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
      SignedReceipt receipt;
      try {
        receipt = SignedReceipt.fromExportString(text);
      } catch (SilkCryptoException e) {
        System.out.println("REFUSED      not a receipt: " + e.code().wireName());
        return 1;
      }
      return target.with(client -> {
        SignedDescriptor node = client.node();
        Receipt r = receipt.receipt();
        try {
          receipt.verify(node.signingKey());
        } catch (SilkCryptoException e) {
          System.out.println("REFUSED      " + e.code().wireName() + ": not signed by node " + node.nodeId().toHex());
          return 1;
        }
        boolean sameDescriptor = Arrays.equals(r.descriptorHash(), node.hash());
        System.out.println("VALID        signed by node " + node.nodeId().toHex());
        System.out.println("request      " + r.requestId().toHex() + ", model " + r.model() + ", " + r.promptTokens()
            + " + " + r.completionTokens() + " tokens, cost " + r.costNanoton() + " nanoTON, " + r.issuedAt());
        System.out.println("descriptor   " + (sameDescriptor ? "the node's current one"
            : "an earlier one of this node (" + Hex.encode(r.descriptorHash()).substring(0, 16) + "...)"));
        return 0;
      });
    }
  }
}
