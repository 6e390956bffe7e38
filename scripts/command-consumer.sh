#!/usr/bin/env bash
# A package user's claims project, outside the repository, over an unmodified repository-shaped Python script
# (samples/ReproSpec.Samples/vendor/digits-example: argparse, --seed, data read from ../data, text output), through the
# packed packages only. Checks: the claim is decided; a warm re-run trains nothing; a timeout change trains nothing;
# editing the script, its data or what the interpreter probe sees each retrains; a missing Python module is reported,
# never stored, and the run is retried once the module is installed. Needs python3 (no torch). CI runs it: 10-12 min
# on 2 cores shared with five other builds (load 40-70), most of it packing and nine `dotnet test` starts.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/local-feed.sh"
start=$(date +%s)
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap '[ -n "${KEEP_CONSUMER:-}" ] || rm -rf "$work"' EXIT
fail() { echo "command-consumer: $*" >&2; exit 1; }
if [ -n "${REPROSPEC_CI_FEED:-}" ]; then
  # .ci/run packs the solution once for every package-consumer script.
  feed=$REPROSPEC_CI_FEED version=${REPROSPEC_CI_VERSION:?REPROSPEC_CI_VERSION must name the version packed in REPROSPEC_CI_FEED}
else
  feed="$work/feed"
  # A unique version: the global packages folder never serves a stale package of the same version.
  version="0.1.0-command.$(date +%s)"
  # Only the packages a claims project needs (ReproSpec.NUnit and what it depends on), not the whole solution.
  for project in ReproSpec ReproSpec.Plots ReproSpec.Worker ReproSpec.NUnit; do
    dotnet pack "$repo/src/$project/$project.csproj" -c Release -o "$feed" -p:Version="$version" --nologo -v quiet
  done
fi
echo "packages $version ($(( $(date +%s) - start )) s)"

user="$work/DigitsClaims"
mkdir -p "$user/vendor" "$user/data" "$user/pylib"
# nuget.config above the project: restore finds it by walking up. Only the local feed is added; NuGet's default
# sources (the user-level config) still apply, so no registry's address is written here.
write_local_feed_config "$work" "$feed"
cat > "$user/DigitsClaims.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <IsTestProject>true</IsTestProject>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="ReproSpec.NUnit" Version="$version" />
    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.11.0" />
    <PackageReference Include="NUnit" Version="5.0.0" />
    <PackageReference Include="NUnit3TestAdapter" Version="6.3.1" />
  </ItemGroup>
</Project>
XML
cp "$repo/scripts/command-consumer/DigitsClaims.cs" "$user/"
cp -r "$repo/scripts/command-consumer/extras" "$user/"
# The repository as published (its empty data/ folder included) and the project's own copy of the data.
cp -r "$repo/samples/ReproSpec.Samples/vendor/digits-example" "$user/vendor/"
cp "$repo/data/digits.csv.gz" "$user/data/"
script="$user/vendor/digits-example/digits/main.py"
before=$(sha256sum "$script")

export REPROSPEC_STORE="$work/store" REPROSPEC_REPORTS="$work/reports" REPROSPEC_SNAPSHOTS=0 REPROSPEC_NO_DIFFTOOL=1
export CONSUMER_TIMEOUT_SECONDS=600
(cd "$work" && dotnet build "$user" --nologo -v quiet) > "$work/build.log" 2>&1 || { cat "$work/build.log"; fail "the consumer project did not build"; }

step=0
# Runs the claim methods whose names contain $1; the log is $work/step<N>.log. Exit status is not judged here.
claims() {
  step=$((step + 1))
  log="$work/step$step.log"
  (cd "$work" && dotnet test "$user" --no-build --filter "Name~$1" --logger "console;verbosity=detailed" --nologo) > "$log" 2>&1 || true
}
expect() { grep -qF -- "$1" "$log" || { cat "$log"; fail "step $step ($2): expected \"$1\""; }; }
records() { grep -rlF -- "\"experiment\": \"$1\"" "$work/store/runs" 2>/dev/null | wc -l; }

claims Softmax_regression
expect "SUPPORTED: digits-example softmax's mean test_accuracy is at least 0.8" "cold run decided"
expect "runs: 5 trained, 0 from the store" "cold run trains every seed"
# The run records keep what the script printed and what the probe saw.
record=$(grep -rlF '"experiment": "digits-example softmax"' "$work/store/runs" | head -1)
grep -qF "Test set: Average loss: " "$record" || fail "the run record does not keep the script's stdout: $record"
grep -qE '"environment": "python 3\.[0-9]+\.[0-9]+' "$record" || fail "the run record does not name the Python version: $record"
grep -qF "package digits-toolkit not installed" "$record" || fail "the probe did not record the listed package: $record"
[ "$(sha256sum "$script")" = "$before" ] || fail "the run changed the repository's script"
[ -z "$(ls -A "$user/vendor/digits-example/data" | grep -v '^.gitignore$' || true)" ] || fail "the run wrote into the repository's data folder"

claims Softmax_regression
expect "runs: 0 trained, 5 from the store" "warm re-run"

CONSUMER_TIMEOUT_SECONDS=1200 claims Softmax_regression
expect "runs: 0 trained, 5 from the store" "a longer timeout is run control, not part of the key"

echo "# a comment changes no number, only the script's content" >> "$script"
claims Softmax_regression
expect "runs: 5 trained, 0 from the store" "an edited script retrains"

# One row fewer in the data.
zcat "$user/data/digits.csv.gz" | head -n 1796 | gzip -n > "$work/digits.csv.gz" && mv "$work/digits.csv.gz" "$user/data/digits.csv.gz"
claims Softmax_regression
expect "runs: 5 trained, 0 from the store" "edited data retrains"

# "pip install digits-toolkit==2.0": a distribution's metadata on the interpreter's path changes what the probe prints.
mkdir -p "$user/pylib/digits_toolkit-2.0.dist-info"
printf 'Metadata-Version: 2.1\nName: digits-toolkit\nVersion: 2.0\n' > "$user/pylib/digits_toolkit-2.0.dist-info/METADATA"
claims Softmax_regression
expect "runs: 5 trained, 0 from the store" "a package upgrade the probe sees retrains"
grep -rqF "package digits-toolkit 2.0" "$work/store/runs" || fail "the new package version is not in the run records"

# A module the script imports is missing: reported as this machine's failure, not stored, tried again next time.
claims The_scorer
expect "No module named 'fancyscore'" "a missing module is reported"
expect "could not run on this machine" "a missing module is an environment failure"
expect "Runs failed: " "a missing module is a failed run, not a declaration error"
grep -qF "Bad claim declaration" "$log" && { cat "$log"; fail "step $step: a missing module was labelled a bad declaration"; }
[ "$(records "fancyscore scorer")" = 0 ] || fail "an environment failure was stored"
claims The_scorer
expect "No module named 'fancyscore'" "still missing: tried again, not read from the store"
printf 'def score(seed):\n    return 0.9 + (seed %% 7) / 1000.0\n' > "$user/pylib/fancyscore.py"
claims The_scorer
expect "SUPPORTED: fancyscore scorer's mean score is at least 0.5" "decided once the module is installed"
expect "runs: 3 trained, 0 from the store" "the installed module's runs trained"

echo "command consumer test passed in $(( $(date +%s) - start )) s"
