#!/usr/bin/env bash
# Android for real, with the tools of an Android build (no Android SDK needed):
#  1. sdk-crypto's and sdk-core's tests on tink-android, the Tink that Android apps link;
#  2. D8 dexes sdk-core with its runtime dependencies at --min-api 26 against Android 8.0's
#     library (Robolectric's android-all 8.0.0) and must print no warning;
#  3. R8 shrinks and obfuscates an app (the docs' first project) with the rules the jars ship in
#     META-INF/proguard, as an app's release build does; a missing class fails it; the shrunk
#     classes must then get a verified answer from a reference node (Moshi's reflection survives).
# Run by .ci/run after `./mvnw verify` (it needs reference-node/target/silk-node.jar); alone:
#   ./mvnw -q package -DskipTests && .ci/android.sh
set -euo pipefail
cd "$(dirname "$0")/.."

r8_artifact=com.android.tools:r8:8.5.35
android_artifact=org.robolectric:android-all:8.0.0_r4-robolectric-r1
work=$(mktemp -d)
node_pid=
cleanup() { [ -z "$node_pid" ] || kill "$node_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $1"; [ -z "${2:-}" ] || tail -40 "$2"; exit 1; }

# 1. Tests on tink-android, then the jars built against it.
./mvnw -q -Ptink-android -pl sdk-crypto,sdk-core package -Dmaven.javadoc.skip -Dmaven.source.skip \
  >"$work/tests.log" 2>&1 || { grep -E "Tests run:|FAIL|ERROR" "$work/tests.log" | tail -30; fail "tests on tink-android"; }
./mvnw -q -Ptink-android -pl sdk-crypto,sdk-core dependency:copy-dependencies -DincludeScope=runtime \
  -DoutputDirectory="$work/lib" >"$work/deps.log" 2>&1 || fail "copying the runtime dependencies" "$work/deps.log"
ls "$work/lib" | grep -q '^tink-android-' && ! ls "$work/lib" | grep -q '^tink-[0-9]' \
  || fail "the tink-android profile did not replace Tink: $(ls "$work/lib" | tr '\n' ' ')"
# Conscrypt for the JVM (optional) is not what an Android app has: Android ships its own.
rm -f "$work"/lib/conscrypt-openjdk-uber-*.jar "$work"/lib/silk-sdk-crypto-*.jar
cp sdk-crypto/target/silk-sdk-crypto-*-SNAPSHOT.jar sdk-core/target/silk-sdk-core-*-SNAPSHOT.jar "$work/lib/"
for artifact in "$r8_artifact" "$android_artifact"; do
  ./mvnw -q -pl sdk-core dependency:copy -Dartifact="$artifact" -DoutputDirectory="$work/tools" \
    >"$work/tools.log" 2>&1 || fail "fetching $artifact" "$work/tools.log"
done
r8=$(ls "$work"/tools/r8-*.jar)
android_jar=$(ls "$work"/tools/android-all-*.jar)
tests=$(cat sdk-crypto/target/surefire-reports/TEST-*.xml sdk-core/target/surefire-reports/TEST-*.xml \
  | grep -o '<testsuite [^>]* tests="[0-9]*"' | grep -o 'tests="[0-9]*"' | tr -dc '0-9\n' | awk '{ s += $1 } END { print s }')
echo "ok: sdk-crypto and sdk-core pass their $tests tests on tink-android"

# 2. D8 at API 26.
java -cp "$r8" com.android.tools.r8.D8 --release --min-api 26 --lib "$android_jar" \
  --output "$work/sdk.dex.zip" "$work"/lib/*.jar >"$work/d8.log" 2>&1 || fail "D8" "$work/d8.log"
if grep -qiE "warning|error" "$work/d8.log"; then fail "D8 warned" "$work/d8.log"; fi
echo "ok: D8 dexed sdk-core and its $(ls "$work/lib" | wc -l) runtime jars at --min-api 26 ($(unzip -l "$work/sdk.dex.zip" | grep -c 'classes.*\.dex') dex files)"

# 3. R8 on an app: the first project against a node on a port it picks.
java -jar reference-node/target/silk-node.jar --port 0 --port-file "$work/port" \
  --data-dir "$work/node" >"$work/node.log" 2>&1 &
node_pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.2; done
[ -s "$work/port" ] || fail "the node did not start" "$work/node.log"
python3 .ci/first-project.py docs-site/guide/first-project.md "$work/app" "http://127.0.0.1:$(cat "$work/port")" >/dev/null
javac -d "$work/app/classes" -cp "$work/lib/*" "$work"/app/src/main/java/app/*.java
(cd "$work/app/classes" && jar cf "$work/app.jar" .)
{
  echo "-keep class app.FirstSilk { public static void main(java.lang.String[]); }"
  # The part of AGP's default rules (proguard-android-optimize.txt) that applies to plain Java.
  echo "-keepattributes *Annotation*"
  echo "-keepclasseswithmembernames,includedescriptorclasses class * { native <methods>; }"
  echo "-keepclassmembers enum * { public static **[] values(); public static ** valueOf(java.lang.String); }"
  # Apps compile against the newest Android SDK; this check's library is Android 8.0, so classes
  # that Tink and OkHttp use only on newer Android (guarded by version checks) are absent here.
  echo "-dontwarn android.**"
  # Retrofit's suspend-function support: every Kotlin app has the class, a Java app never calls it.
  echo "-dontwarn kotlin.**"
  for jar in "$work"/lib/*.jar; do
    for rules in $(unzip -Z1 "$jar" | grep -E '^META-INF/(proguard|com.android.tools/r8)[^ ]*\.pro$' || true); do
      echo "# $(basename "$jar"): $rules"; unzip -p "$jar" "$rules"; echo
    done
  done
} >"$work/rules.pro"
grep -q "silk-sdk-core.pro" <(grep '^# ' "$work/rules.pro") || fail "sdk-core's jar ships no R8 rules"
java -cp "$r8" com.android.tools.r8.R8 --release --classfile --lib "$android_jar" --lib "${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}" \
  --pg-conf "$work/rules.pro" --output "$work/app-shrunk.jar" "$work/app.jar" "$work"/lib/*.jar \
  >"$work/r8.log" 2>&1 || fail "R8 (a missing class or a broken rule)" "$work/r8.log"
# Jar signatures (BouncyCastle's) do not survive shrinking; an APK carries its own.
python3 -c 'import sys, zipfile
src, dst = sys.argv[1:]
with zipfile.ZipFile(src) as i, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as o:
    for e in i.infolist():
        if not (e.filename.startswith("META-INF/") and e.filename.rsplit(".", 1)[-1] in ("SF", "RSA", "DSA", "EC")):
            o.writestr(e, i.read(e))' "$work/app-shrunk.jar" "$work/app-unsigned.jar"
java -cp "$work/app-unsigned.jar" app.FirstSilk >"$work/run.log" 2>&1 || fail "the shrunk app" "$work/run.log"
grep -q "^Hello, Silk$" "$work/run.log" && grep -q "^silk-receipt-v1\." "$work/run.log" || fail "the shrunk app's answer" "$work/run.log"
echo "ok: R8 shrank the first project to $(( $(stat -c %s "$work/app-shrunk.jar") / 1024 )) KiB with the jars' own rules; it gets a verified answer"
