package dev.silk.ton.cocoon;

import dev.silk.core.cocoon.CocoonAccount;
import dev.silk.core.cocoon.CocoonConfig;
import dev.silk.core.cocoon.CocoonProxy;
import dev.silk.core.errors.SilkException;
import dev.silk.core.errors.VerificationException;
import dev.silk.core.payment.TonAmount;
import dev.silk.ton.TonAddress;
import dev.silk.ton.center.TonCenterClient;
import dev.silk.ton.internal.Digests;
import dev.silk.ton.wallet.SentTransfer;
import dev.silk.ton.wallet.TonWallet;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * Pays COCOON proxies from a TON wallet, as COCOON's client runner does: one client contract per
 * proxy, owned by the wallet. Before a session authorizes, the proxy's contract and this
 * client's contract with it are derived from the root config and checked against what the proxy
 * said; the long authorization deploys the client contract (with its stake) if needed and
 * registers the proxy's nonce from the wallet; a secret, when given, is set on the contract so
 * later sessions take the short way. The proxy's signed payments are checked under the key the
 * attested session proved, the newest kept, and committed on chain when the C++ client would
 * (more than half the stake's worth uncharged). Balance, top-up, withdrawal and closing are
 * methods. Thread-safe; {@link #close} stops its background chain work.
 *
 * <pre>{@code
 * TonCocoonAccount account = TonCocoonAccount.builder(tonCenter, wallet)
 *     .secret(secretBytes).deposit(TonAmount.ofTon("2")).build();
 * }</pre>
 */
public final class TonCocoonAccount implements CocoonAccount, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(TonCocoonAccount.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();
  /** What COCOON's client attaches to each owner message (the contract returns the excess). */
  public static final TonAmount MESSAGE_VALUE = TonAmount.ofNanoton(700_000_000L);
  /** What deploys a client contract together with its first registration (mainnet's client sends 1 TON). */
  public static final TonAmount DEPLOY_VALUE = TonAmount.ofNanoton(1_000_000_000L);

  private final WalletQueue wallet;
  private final TonCenterClient center;
  private final byte[] secret;
  private final TonAmount deposit;
  private final Map<TonAddress, Contract> contracts = new ConcurrentHashMap<>();
  private final ExecutorService background;

  /** One proxy's client contract as this account knows it. */
  private static final class Contract {
    final CocoonProxy proxy;
    final TonAddress address;
    final byte[] stateInit;
    final long stakeTokens;
    final long pricePerToken;
    volatile SignedCharge newest;
    volatile long proxyTokens;
    volatile long chainTokens;
    volatile long chainBalance;
    volatile boolean charging;
    volatile boolean toppingUp;

    Contract(CocoonProxy proxy, TonAddress address, byte[] stateInit, long stakeTokens, long pricePerToken) {
      this.proxy = proxy;
      this.address = address;
      this.stateInit = stateInit;
      this.stakeTokens = stakeTokens;
      this.pricePerToken = pricePerToken;
    }

    /** Adjusted tokens the contract's balance still pays for, as far as this account knows. */
    long availableTokens() {
      return pricePerToken == 0 ? Long.MAX_VALUE : chainBalance / pricePerToken - (proxyTokens - chainTokens);
    }
  }

  private TonCocoonAccount(Builder b) {
    this.center = b.center;
    this.wallet = new WalletQueue(b.center, b.wallet, b.walletPatience);
    this.secret = b.secret;
    this.deposit = b.deposit;
    this.background = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "silk-cocoon-account");
      t.setDaemon(true);
      return t;
    });
  }

  public static Builder builder(TonCenterClient center, TonWallet wallet) {
    return new Builder(center, wallet);
  }

  @Override
  public String ownerAddress() {
    return wallet.wallet().address().toRaw();
  }

  @Override
  public void checkContracts(CocoonProxy proxy, CocoonConfig config) {
    TonAddress proxyContract = CocoonContracts.proxyContract(config, address(proxy.ownerAddress()),
        proxy.paymentKey());
    if (!proxyContract.equals(address(proxy.contractAddress()))) {
      throw mismatch("its proxy contract is " + proxy.contractAddress() + ", the root config's code makes "
          + proxyContract.toRaw());
    }
    TonAddress mine = CocoonContracts.clientContract(config, wallet.wallet().address(), proxyContract,
        proxy.paymentKey());
    if (!mine.equals(address(proxy.clientContractAddress()))) {
      throw mismatch("it names client contract " + proxy.clientContractAddress() + ", the root config's code makes "
          + mine.toRaw());
    }
    long stakeTokens = config.pricePerToken() == 0 ? Long.MAX_VALUE / 4 : config.minClientStake() / config.pricePerToken();
    Contract known = contracts.get(proxyContract);
    if (known == null || !java.util.Arrays.equals(known.proxy.paymentKey(), proxy.paymentKey())) {
      contracts.put(proxyContract, new Contract(proxy, mine,
          CocoonContracts.clientStateInit(config, wallet.wallet().address(), proxyContract, proxy.paymentKey()),
          stakeTokens, config.pricePerToken()));
    }
  }

  @Override
  public Optional<byte[]> secret(CocoonProxy proxy) {
    if (secret == null) {
      return Optional.empty();
    }
    ClientContractState state = state(proxy);
    return MessageDigest.isEqual(state.secretHash(), Digests.sha256(secret)) ? Optional.of(secret.clone()) : Optional.empty();
  }

  @Override
  public void register(CocoonProxy proxy, long nonce) {
    Contract c = contract(proxy);
    ClientContractState state = state(proxy);
    if (state.status() == ClientContractState.Status.CLOSED || state.status() == ClientContractState.Status.CLOSING) {
      throw new SilkException("cocoon_contract_closed", "this client's contract with " + proxy.address() + " is "
          + state.status() + "; it takes no registration", null);
    }
    TonAddress me = wallet.wallet().address();
    boolean deployed = state.status() != ClientContractState.Status.NOT_DEPLOYED;
    wallet.send(c.address, deployed ? MESSAGE_VALUE : DEPLOY_VALUE, ClientMessages.register(queryId(), nonce, me),
        deployed ? null : c.stateInit, deployed);
    if (secret != null && !MessageDigest.isEqual(state.secretHash(), Digests.sha256(secret))) {
      wallet.send(c.address, MESSAGE_VALUE, ClientMessages.changeSecretHash(queryId(), Digests.sha256(secret), me), null, true);
    }
    if (deposit.isGreaterThan(state.balance())) {
      topUp(proxy, deposit.minus(state.balance()));
    }
    learn(c, state(proxy));
  }

  private static void learn(Contract c, ClientContractState state) {
    c.chainBalance = state.balance().nanoton();
    c.chainTokens = Math.max(c.chainTokens, state.tokensUsed());
  }

  @Override
  public void paymentStatus(CocoonProxy proxy, byte[] signedPayment, long tokensUsed) {
    Contract c = contract(proxy);
    if (signedPayment != null) {
      SignedCharge charge = SignedCharge.verify(signedPayment, proxy.paymentKey(), c.address);
      synchronized (c) {
        if (c.newest == null || charge.tokens() > c.newest.tokens()) {
          c.newest = charge;
        }
      }
    }
    if (tokensUsed > c.proxyTokens) {
      c.proxyTokens = tokensUsed;
    }
    topUpIfLow(c);
    SignedCharge newest = c.newest;
    // COCOON's client commits once more than half the stake's worth is uncharged on chain.
    if (newest != null && !c.charging && newest.tokens() > c.chainTokens
        && c.proxyTokens > c.chainTokens + c.stakeTokens / 2) {
      c.charging = true;
      background.execute(() -> {
        try {
          commit(c);
        } catch (RuntimeException e) {
          LOG.warning("Silk: committing a COCOON charge failed: " + e.getMessage());
        } finally {
          c.charging = false;
        }
      });
    }
  }

  /** COCOON's client tops up by the deposit once less than half the stake's worth is paid for. */
  private void topUpIfLow(Contract c) {
    synchronized (c) {
      if (deposit.nanoton() == 0 || c.toppingUp || c.availableTokens() >= c.stakeTokens / 2) {
        return;
      }
      c.toppingUp = true;
    }
    background.execute(() -> {
      try {
        learn(c, state(c.proxy));
        if (c.availableTokens() < c.stakeTokens / 2) {
          topUp(c.proxy, deposit);
          learn(c, state(c.proxy));
        }
      } catch (RuntimeException e) {
        LOG.warning("Silk: topping up a COCOON client contract failed: " + e.getMessage());
      } finally {
        synchronized (c) {
          c.toppingUp = false;
          c.notifyAll();
        }
      }
    });
  }

  /**
   * Before a query: starts the top-up if the contract runs low (the proxy's status may not have
   * said so yet), and waits (at most {@link #TOP_UP_WAIT}) for this account's own top-up while
   * the contract pays for less than half the stake: a query sent meanwhile could meet the
   * proxy's refusal. Otherwise the query goes at once, as COCOON's client sends it.
   */
  @Override
  public void beforeQuery(CocoonProxy proxy) {
    Contract c = contract(proxy);
    topUpIfLow(c);
    long deadline = System.nanoTime() + TOP_UP_WAIT.toNanos();
    synchronized (c) {
      while (c.toppingUp && c.availableTokens() < c.stakeTokens / 2) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(c, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** The longest a query waits for this account's top-up before it goes anyway. */
  static final java.time.Duration TOP_UP_WAIT = java.time.Duration.ofSeconds(30);

  private void commit(Contract c) {
    ClientContractState state = state(c.proxy);
    learn(c, state);
    SignedCharge newest = c.newest;
    if (newest != null && newest.tokens() > state.tokensUsed()) {
      wallet.send(c.address, MESSAGE_VALUE, newest.repack(wallet.wallet().address()), null, true);
      c.chainTokens = newest.tokens();
    }
  }

  /** The proxies this account has checked, newest contract per proxy. */
  public List<CocoonProxy> proxies() {
    List<CocoonProxy> out = new ArrayList<>();
    contracts.values().forEach(c -> out.add(c.proxy));
    return out;
  }

  /** This client's contract with {@code proxy}, as the chain has it now. */
  public ClientContractState state(CocoonProxy proxy) {
    return ClientContractState.parse(center.getAddressInformation(contract(proxy).address).data());
  }

  /** Where this client's contract with {@code proxy} lives. */
  public TonAddress clientContract(CocoonProxy proxy) {
    return contract(proxy).address;
  }

  /** The newest charge {@code proxy} signed for this client. */
  public Optional<SignedCharge> newestCharge(CocoonProxy proxy) {
    return Optional.ofNullable(contract(proxy).newest);
  }

  /** Adds {@code amount} to the contract's balance. */
  public SentTransfer topUp(CocoonProxy proxy, TonAmount amount) {
    Contract c = contract(proxy);
    return wallet.send(c.address, amount.plus(MESSAGE_VALUE),
        ClientMessages.topUp(queryId(), amount, wallet.wallet().address()), null, true);
  }

  /** Takes back the balance above the stake. */
  public SentTransfer withdraw(CocoonProxy proxy) {
    return wallet.send(contract(proxy).address, MESSAGE_VALUE,
        ClientMessages.withdraw(queryId(), wallet.wallet().address()), null, true);
  }

  /**
   * Asks for the refund: the first call starts closing (the balance above the stake comes back),
   * a second after {@link CocoonConfig#clientDelayBeforeClose} closes and returns the rest.
   */
  public SentTransfer requestRefund(CocoonProxy proxy) {
    return wallet.send(contract(proxy).address, MESSAGE_VALUE,
        ClientMessages.requestRefund(queryId(), wallet.wallet().address()), null, true);
  }

  /** Commits the newest signed charge on chain now (the proxy is paid what it signed). */
  public Optional<SentTransfer> charge(CocoonProxy proxy) {
    Contract c = contract(proxy);
    SignedCharge newest = c.newest;
    if (newest == null) {
      return Optional.empty();
    }
    SentTransfer sent = wallet.send(c.address, MESSAGE_VALUE, newest.repack(wallet.wallet().address()), null, true);
    c.chainTokens = Math.max(c.chainTokens, newest.tokens());
    return Optional.of(sent);
  }

  @Override
  public void close() {
    background.shutdown();
  }

  private Contract contract(CocoonProxy proxy) {
    Contract c = contracts.get(address(proxy.contractAddress()));
    if (c == null || !java.util.Arrays.equals(c.proxy.paymentKey(), proxy.paymentKey())) {
      throw new IllegalStateException("this account has not checked the contracts of " + proxy.address());
    }
    return c;
  }

  private static TonAddress address(String text) {
    try {
      return TonAddress.parse(text);
    } catch (IllegalArgumentException e) {
      throw mismatch("it sent an address that does not parse");
    }
  }

  private static VerificationException mismatch(String why) {
    return new VerificationException("cocoon_contract_mismatch", "the COCOON proxy's contracts do not check: " + why,
        null);
  }

  private static long queryId() {
    return RANDOM.nextLong();
  }

  /** Builds a {@link TonCocoonAccount}; not thread-safe. */
  public static final class Builder {
    private final TonCenterClient center;
    private final TonWallet wallet;
    private byte[] secret;
    private TonAmount deposit = TonAmount.ZERO;
    private Duration walletPatience = Duration.ofSeconds(90);

    private Builder(TonCenterClient center, TonWallet wallet) {
      this.center = Objects.requireNonNull(center, "center");
      this.wallet = Objects.requireNonNull(wallet, "wallet");
    }

    /**
     * The short authorization's secret: set on each client contract (its SHA-256) after the first
     * long authorization, presented to proxies later. Keep it secret: whoever holds it spends the
     * contract's balance through the proxy.
     */
    public Builder secret(byte[] secret) {
      if (secret == null || secret.length < 16) {
        throw new IllegalArgumentException("a secret of at least 16 bytes");
      }
      this.secret = secret.clone();
      return this;
    }

    /**
     * Tops each new client contract up to this balance when it registers, and by this amount again
     * whenever less than half the stake's worth of tokens is left paid for, as COCOON's client
     * does (default: none; then top up with {@link #topUp}).
     */
    public Builder deposit(TonAmount deposit) {
      this.deposit = Objects.requireNonNull(deposit, "deposit");
      return this;
    }

    /** How long a transfer waits for the wallet's previous one to reach the chain (default 90 s). */
    public Builder walletPatience(Duration patience) {
      this.walletPatience = Objects.requireNonNull(patience, "patience");
      return this;
    }

    public TonCocoonAccount build() {
      return new TonCocoonAccount(this);
    }
  }
}
