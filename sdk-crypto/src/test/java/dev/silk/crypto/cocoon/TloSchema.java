package dev.silk.crypto.cocoon;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * COCOON's compiled TL schema ({@code cocoon_api.tlo}, tl-parser's {@code tls.schema_v4}) read
 * independently of Silk's codecs, and a reader that walks a serialized object by that schema
 * alone: boxed or bare as each field's type expression says, conditional fields by their
 * {@code #} variables, vectors as their element type says. A message Silk encodes conforms when
 * this reader consumes it exactly. Test code; not thread-safe.
 */
final class TloSchema {
  private static final int SCHEMA = 0x3a2f9be2;
  private static final int TYPE = 0x12eb4386;
  private static final int COMBINATOR = 0x5c0a1ed5;
  private static final int LEFT_BUILTIN = 0xcd211f63;
  private static final int LEFT = 0x4c12c6d9;
  private static final int RIGHT = 0x2c064372;
  private static final int ARG = 0x29dfe61b;
  private static final int TYPE_EXPR = 0xc1863d08;
  private static final int TYPE_VAR = 0x0142ceae;
  private static final int ARRAY = 0xd9fb20de;
  private static final int EXPR_TYPE = 0xecc9da78;
  private static final int EXPR_NAT = 0x8ce940b1;
  private static final int NAT_CONST = 0xdcb49bd8;
  private static final int NAT_VAR = 0x4e8a14f0;
  private static final int FLAG_BARE = 1;

  /** A type expression: a named type (bare or boxed) with children, or a type variable. */
  static final class TypeExpr {
    int name;
    int flags;
    final List<TypeExpr> children = new ArrayList<>();
    boolean variable;
  }

  static final class Arg {
    String name;
    int conditionVar = -1;
    int conditionBit;
    int definesVar = -1;
    TypeExpr type;
  }

  static final class Combinator {
    int id;
    String name;
    int typeName;
    final List<Arg> args = new ArrayList<>();
    boolean builtin;
  }

  final Map<Integer, String> typeNames = new HashMap<>();
  final Map<Integer, List<Combinator>> constructorsOfType = new HashMap<>();
  final Map<Integer, Combinator> byId = new HashMap<>();
  final Map<String, Combinator> byName = new HashMap<>();
  private final ByteBuffer b;

  TloSchema(byte[] tlo) {
    b = ByteBuffer.wrap(tlo).order(ByteOrder.LITTLE_ENDIAN);
    expect(SCHEMA);
    b.getInt();
    b.getInt();
    int types = b.getInt();
    for (int i = 0; i < types; i++) {
      expect(TYPE);
      int name = b.getInt();
      typeNames.put(name, string());
      b.getInt();
      b.getInt();
      b.getInt();
      b.getLong();
    }
    for (int part = 0; part < 2; part++) { // constructors, then functions
      int count = b.getInt();
      for (int i = 0; i < count; i++) {
        Combinator c = combinator();
        byId.put(c.id, c);
        byName.put(c.name, c);
        if (part == 0) {
          constructorsOfType.computeIfAbsent(c.typeName, t -> new ArrayList<>()).add(c);
        }
      }
    }
  }

  private Combinator combinator() {
    expect(COMBINATOR);
    Combinator c = new Combinator();
    c.id = b.getInt();
    c.name = string();
    c.typeName = b.getInt();
    int left = b.getInt();
    if (left == LEFT_BUILTIN) {
      c.builtin = true;
    } else if (left == LEFT) {
      int args = b.getInt();
      for (int i = 0; i < args; i++) {
        c.args.add(arg());
      }
    } else {
      throw new IllegalStateException("combinator left " + Integer.toHexString(left));
    }
    expect(RIGHT);
    typeExpr();
    return c;
  }

  private Arg arg() {
    expect(ARG);
    Arg a = new Arg();
    a.name = string();
    int flags = b.getInt();
    if ((flags & 2) != 0) {
      a.conditionVar = b.getInt();
      a.conditionBit = b.getInt();
    }
    if ((flags & 4) != 0) {
      a.definesVar = b.getInt();
    }
    a.type = typeExpr();
    return a;
  }

  private TypeExpr typeExpr() {
    int kind = b.getInt();
    TypeExpr t = new TypeExpr();
    if (kind == TYPE_VAR) {
      t.variable = true;
      b.getInt();
      t.flags = b.getInt();
      return t;
    }
    if (kind == ARRAY) { // [ t ] in the vector's own definition: multiplicity, then its args
      int multiplicity = b.getInt();
      nat(multiplicity == EXPR_NAT ? b.getInt() : multiplicity);
      int args = b.getInt();
      for (int i = 0; i < args; i++) {
        arg();
      }
      t.variable = true;
      return t;
    }
    if (kind != TYPE_EXPR) {
      throw new IllegalStateException("type expression " + Integer.toHexString(kind));
    }
    t.name = b.getInt();
    t.flags = b.getInt();
    int children = b.getInt();
    for (int i = 0; i < children; i++) {
      int expr = b.getInt();
      if (expr == EXPR_TYPE) {
        t.children.add(typeExpr());
      } else if (expr == EXPR_NAT) {
        nat(b.getInt());
      } else {
        throw new IllegalStateException("expression " + Integer.toHexString(expr));
      }
    }
    return t;
  }

  private void nat(int kind) {
    b.getInt();
    if (kind == NAT_VAR) {
      b.getInt();
    } else if (kind != NAT_CONST) {
      throw new IllegalStateException("nat " + Integer.toHexString(kind));
    }
  }

  private String string() {
    int first = b.get() & 0xFF;
    int length = first < 254 ? first : (b.get() & 0xFF) | (b.get() & 0xFF) << 8 | (b.get() & 0xFF) << 16;
    int header = first < 254 ? 1 : 4;
    byte[] s = new byte[length];
    b.get(s);
    int padding = (4 - (header + length) % 4) % 4;
    b.position(b.position() + padding);
    return new String(s, StandardCharsets.UTF_8);
  }

  private void expect(int magic) {
    int got = b.getInt();
    if (got != magic) {
      throw new IllegalStateException("expected " + Integer.toHexString(magic) + ", got " + Integer.toHexString(got));
    }
  }

  /**
   * Walks {@code tl} as one boxed object (its constructor id first) by the schema alone.
   *
   * @return the combinator's name
   * @throws IllegalStateException where the bytes do not follow the schema, or when bytes are left
   */
  String walk(byte[] tl) {
    ByteBuffer in = ByteBuffer.wrap(tl).order(ByteOrder.LITTLE_ENDIAN);
    Combinator c = byId.get(in.getInt(0));
    if (c == null) {
      throw new IllegalStateException("unknown constructor " + Integer.toHexString(in.getInt(0)));
    }
    in.getInt();
    fields(c, in);
    if (in.hasRemaining()) {
      throw new IllegalStateException(in.remaining() + " bytes left after " + c.name);
    }
    return c.name;
  }

  private void fields(Combinator c, ByteBuffer in) {
    Map<Integer, Integer> vars = new HashMap<>();
    for (Arg a : c.args) {
      if (a.conditionVar >= 0 && (vars.get(a.conditionVar) & (1 << a.conditionBit)) == 0) {
        continue;
      }
      if (a.definesVar >= 0) {
        vars.put(a.definesVar, in.getInt());
      } else {
        value(a.type, in, c.name + "." + a.name);
      }
    }
  }

  private void value(TypeExpr t, ByteBuffer in, String where) {
    String type = typeNames.get(t.name);
    if (type == null) {
      throw new IllegalStateException(where + ": type " + Integer.toHexString(t.name));
    }
    boolean bare = (t.flags & FLAG_BARE) != 0;
    switch (type) {
      case "#":
      case "Int":
        in.getInt();
        return;
      case "Long":
      case "Double":
        in.getLong();
        return;
      case "Int256":
        in.position(in.position() + 32);
        return;
      case "String":
      case "Bytes":
        tlString(in);
        return;
      case "Vector":
        if (!bare) {
          int id = in.getInt();
          if (id != 0x1cb5c415) {
            throw new IllegalStateException(where + ": a boxed vector without its id");
          }
        }
        int count = in.getInt();
        for (int i = 0; i < count; i++) {
          value(t.children.get(0), in, where + "[" + i + "]");
        }
        return;
      default:
        List<Combinator> constructors = constructorsOfType.get(t.name);
        Combinator c;
        if (bare) {
          if (constructors.size() != 1) {
            throw new IllegalStateException(where + ": bare " + type + " has " + constructors.size() + " constructors");
          }
          c = constructors.get(0);
        } else {
          int id = in.getInt();
          c = constructors.stream().filter(k -> k.id == id).findFirst().orElseThrow(() ->
              new IllegalStateException(where + ": " + Integer.toHexString(id) + " is not a constructor of " + type));
        }
        fields(c, in);
    }
  }

  private static void tlString(ByteBuffer in) {
    int first = in.get() & 0xFF;
    int length = first < 254 ? first : (in.get() & 0xFF) | (in.get() & 0xFF) << 8 | (in.get() & 0xFF) << 16;
    int header = first < 254 ? 1 : 4;
    in.position(in.position() + length + (4 - (header + length) % 4) % 4);
  }
}
