#!/usr/bin/env bash
# A package user's cluster path, end to end: the packed packages from a local feed (a unique version), the
# `reprospec` tool installed from that feed, and claims projects outside the repository (the `dotnet new reprospec`
# template and a CommandExperiment project). Asserts that `dotnet test` and `reprospec plan/run` compute the same run
# keys, messages and verdicts:
#   1. dotnet test, then `reprospec plan` on the same store: 0 missing runs, the claim decided;
#   2. a fresh store: `reprospec plan` lists the runs, `reprospec run` trains them all (none failed),
#      `reprospec plan` then says 0 missing, and `dotnet test` trains 0 and gives the verdict of step 1;
#   3. badly declared claims (a delegate parameter, a NaN parameter, an arm whose runs all diverge): the same one-line
#      message from `dotnet test` and `reprospec plan`, no raw System.Text.Json or ArgumentException, and every claim in
#      the suite report.
# CI runs it (.ci/run); < 4 min with a warm NuGet cache. PARITY_FEED=DIR PARITY_VERSION=V reuse packed packages.
set -euo pipefail
start=$(date +%s)
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap '[ -n "${KEEP_PARITY:-}" ] && echo "kept $work" || rm -rf "$work"' EXIT
export REPROSPEC_NO_DIFFTOOL=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
unset REPROSPEC_STRICT

fail() { echo "consumer-parity: $*" >&2; exit 1; }
# Asserts a log holds a line; on failure prints the log and the expectation.
expect() {
  local file=$1 pattern=$2 why=$3
  grep -qE -- "$pattern" "$file" || { cat "$file" >&2; fail "$why (expected /$pattern/ in $(basename "$file"))"; }
}
refuse() {
  local file=$1 pattern=$2 why=$3
  ! grep -qE -- "$pattern" "$file" || { grep -nE -- "$pattern" "$file" >&2; fail "$why"; }
}

if [ -n "${PARITY_FEED:-}" ]; then
  feed=$PARITY_FEED version=${PARITY_VERSION:?PARITY_VERSION must name the version packed in PARITY_FEED}
else
  feed="$work/feed" version="0.1.0-parity.$(date +%s)"
  dotnet pack "$repo/ReproSpec.sln" -c Release -o "$feed" -p:Version="$version" --nologo -v quiet
fi
echo "packages $version ($(( $(date +%s) - start )) s)"
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local" value="$feed" />
  </packageSources>
</configuration>
XML
# The tool as a user installs it (from the package, not the repository's build output).
(cd "$work" && dotnet tool install ReproSpec.Cli --version "$version" --tool-path "$work/tool") > "$work/tool.log" 2>&1 || { cat "$work/tool.log"; fail "the tool did not install from the feed"; }
reprospec="$work/tool/reprospec"

# The template project, as `dotnet new reprospec` makes it.
hive="$work/hive"
dotnet new install "$feed/ReproSpec.Templates.$version.nupkg" --debug:custom-hive "$hive" > "$work/template-install.log" 2>&1 || { cat "$work/template-install.log"; fail "dotnet new install failed"; }
(cd "$work" && dotnet new reprospec -o SpiralClaims --debug:custom-hive "$hive") > "$work/template-new.log" 2>&1 || { cat "$work/template-new.log"; fail "dotnet new reprospec failed"; }

# A CommandExperiment project: a shell "training script" in the project, found by relative path from every process.
mkdir -p "$work/ScriptClaims/train"
cat > "$work/ScriptClaims/ScriptClaims.csproj" <<XML
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
cat > "$work/ScriptClaims/train/score.sh" <<'SH'
# score = base + a seed-dependent wobble, as one JSON object on stdout.
awk -v s="$1" -v b="$2" 'BEGIN { printf "{\"score\": %.4f}\n", b + ((s * 37) % 11) / 1000 }'
SH
cat > "$work/ScriptClaims/Claims.cs" <<'CS'
using ReproSpec.Claims;
using ReproSpec.Experiments;
using ReproSpec.NUnit;

namespace ScriptClaims;

public class ScriptClaimFixture
{
    static CommandExperiment Arm(string label, string score) =>
        new(label, "sh score.sh {seed} " + score, Code: ["train"], WorkingDirectory: "train");

    [Claim(Seeds = 5, Snapshot = false)]
    public void Tuned_script_beats_the_baseline_script() =>
        Claim.That(Arm("tuned", "0.9")).Beats(Arm("baseline", "0.8")).On("score").ByAtLeast(0.05);
}
CS

# The same claims project under `dotnet test` and the command line: $1 project, $2 dll, $3 runs, $4 verdict line.
parity() {
  local project=$1 dll=$2 runs=$3 verdict=$4 t0
  t0=$(date +%s)
  (cd "$work" && dotnet build "$project" --nologo -v quiet) > "$work/$project-build.log" 2>&1 || { cat "$work/$project-build.log"; fail "$project does not build"; }
  # 1. dotnet test, then plan on its store: nothing missing.
  export REPROSPEC_STORE="$work/$project-store1" REPROSPEC_REPORTS="$work/$project-reports1"
  (cd "$work" && dotnet test "$project" --no-build --logger "console;verbosity=detailed") > "$work/$project-test1.log" 2>&1 || true
  expect "$work/$project-test1.log" "$verdict" "$project: dotnet test did not decide the claim"
  "$reprospec" plan --claims "$work/$dll" > "$work/$project-plan1.log" 2>&1 || { cat "$work/$project-plan1.log"; fail "$project: plan failed"; }
  expect "$work/$project-plan1.log" "^0 missing run\(s\)" "$project: reprospec plan computes other run keys than dotnet test for the same dll"
  expect "$work/$project-plan1.log" "^1 claim\(s\): 1 decided from the store" "$project: reprospec plan does not decide the claim dotnet test decided"
  # 2. A fresh store: plan -> run -> plan -> dotnet test.
  export REPROSPEC_STORE="$work/$project-store2" REPROSPEC_REPORTS="$work/$project-reports2"
  "$reprospec" plan --claims "$work/$dll" > "$work/$project-plan2.log" 2>&1 || { cat "$work/$project-plan2.log"; fail "$project: plan on a fresh store failed"; }
  expect "$work/$project-plan2.log" "^$runs missing run\(s\)" "$project: a fresh store should miss all $runs runs"
  "$reprospec" run --claims "$work/$dll" --workers 2 > "$work/$project-run.log" 2>&1 || { cat "$work/$project-run.log"; fail "$project: reprospec run failed"; }
  expect "$work/$project-run.log" ": $runs trained, 0 already stored \(by another shard or job\), 0 failed" "$project: reprospec run did not train every run"
  refuse "$work/$project-run.log" "Failed \(" "$project: a run failed under reprospec run"
  "$reprospec" plan --claims "$work/$dll" > "$work/$project-plan3.log" 2>&1 || { cat "$work/$project-plan3.log"; fail "$project: plan after run failed"; }
  expect "$work/$project-plan3.log" "^0 missing run\(s\)" "$project: runs trained by reprospec run are still missing"
  (cd "$work" && dotnet test "$project" --no-build --logger "console;verbosity=detailed") > "$work/$project-test2.log" 2>&1 || true
  expect "$work/$project-test2.log" "runs: 0 trained, $runs from the store" "$project: dotnet test trained again the runs reprospec run stored"
  local v1 v2
  v1=$(grep -oE "$verdict.*" "$work/$project-test1.log" | head -1)
  v2=$(grep -oE "$verdict.*" "$work/$project-test2.log" | head -1)
  [ "$v1" = "$v2" ] || fail "$project: verdicts differ: dotnet test gave '$v1', after reprospec run '$v2'"
  echo "$project: dotnet test = plan = run ($runs runs, $(( $(date +%s) - t0 )) s): $v2"
}

# The template's first run fails on its new snapshot (as Verify does); accepted, it is a plain supported claim.
(cd "$work" && dotnet build SpiralClaims --nologo -v quiet) > "$work/SpiralClaims-prebuild.log" 2>&1 || { cat "$work/SpiralClaims-prebuild.log"; fail "the template project does not build"; }
(cd "$work" && REPROSPEC_STORE="$work/SpiralClaims-store0" REPROSPEC_REPORTS="$work/SpiralClaims-reports0" dotnet test SpiralClaims --no-build) > "$work/SpiralClaims-test0.log" 2>&1 || true
for received in "$work"/SpiralClaims/*.received.json; do mv "$received" "${received%.received.json}.verified.json"; done
parity SpiralClaims SpiralClaims/bin/Debug/net10.0/SpiralClaims.dll 10 "SUPPORTED: MLP 2-32-2 beats softmax regression on test_accuracy"
parity ScriptClaims ScriptClaims/bin/Debug/net10.0/ScriptClaims.dll 10 "SUPPORTED: tuned beats baseline on score"

echo "consumer parity passed in $(( $(date +%s) - start )) s"
