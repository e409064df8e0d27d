#!/usr/bin/env bash
# Puts what the site links to but does not write into public/: the Javadoc of the published
# libraries (from the jars `./mvnw install` or `package` built) and the spec's vectors and
# independent checker; and the repository's CHANGELOG.md as the site's changelog page (one
# source, so the two never differ). Run before `npm run build`.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf public/javadoc public/protocol
cp ../CHANGELOG.md changelog.md
for m in sdk-core:../sdk-core sdk-crypto:../sdk-crypto sdk-ton:../sdk-ton testing:../reference-node/testing; do
  IFS=: read -r name dir <<<"$m"
  jar=$(ls "$dir"/target/silk-*-SNAPSHOT-javadoc.jar 2>/dev/null | head -1)
  [ -n "$jar" ] || { echo "no Javadoc jar in $dir/target: run ./mvnw package -DskipTests first" >&2; exit 1; }
  mkdir -p "public/javadoc/$name"
  unzip -q -o "$jar" -d "public/javadoc/$name"
done
mkdir -p public/protocol
cp protocol/vectors-v1.json protocol/vectors-v1-ton.json protocol/vectors-v1-xwing.json protocol/hpke-pq-xwing.json \
  protocol/check_vectors.py public/protocol/
