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
. "$(dirname "${BASH_SOURCE[0]}")/local-feed.sh"
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
write_local_feed_config "$work" "$feed"
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

# Badly declared claims: one message, one line, through dotnet test and plan; every claim in the reports.
mkdir -p "$work/BadClaims"
sed 's/ScriptClaims/BadClaims/g' "$work/ScriptClaims/ScriptClaims.csproj" > "$work/BadClaims/BadClaims.csproj"
cat > "$work/BadClaims/Claims.cs" <<'CS'
using ReproSpec.Claims;
using ReproSpec.Execution;
using ReproSpec.NUnit;

namespace BadClaims;

public sealed record Gaussian(double Mean, string Label) : Experiment
{
    public override string Name => Label;

    public override RunMetrics Run(RunContext context) =>
        RunMetrics.Of(("score", Mean + 0.1 * context.Seeds.Random(SeedSet.Sources.Init + ":" + Name).NextDouble()));
}

public sealed record WithDelegate(Func<double> Score, string Label) : Experiment
{
    public override string Name => Label;

    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", Score()));
}

public sealed record Diverging(string Label) : Experiment
{
    public override string Name => Label;

    public override RunMetrics Run(RunContext context) => RunMetrics.Of(("score", double.NaN));
}

public class BadClaimFixture
{
    [Claim(Seeds = 3, Snapshot = false)]
    public void Delegate_parameter() => Claim.That(new WithDelegate(() => 1, "delegate")).Beats(new Gaussian(0, "low")).On("score");

    [Claim(Seeds = 3, Snapshot = false)]
    public void NaN_parameter() => Claim.That(new Gaussian(double.NaN, "nan")).Beats(new Gaussian(0, "low")).On("score");

    [Claim(Seeds = 3, Snapshot = false)]
    public void All_runs_diverge() => Claim.That(new Diverging("diverging")).Beats(new Diverging("also diverging")).On("score");

    [Claim(Seeds = 3, Snapshot = false)]
    public void Good_claim() => Claim.That(new Gaussian(1, "high")).Beats(new Gaussian(0, "low")).On("score");
}
CS
t0=$(date +%s)
(cd "$work" && dotnet build BadClaims --nologo -v quiet) > "$work/BadClaims-build.log" 2>&1 || { cat "$work/BadClaims-build.log"; fail "BadClaims does not build"; }
export REPROSPEC_STORE="$work/BadClaims-store" REPROSPEC_REPORTS="$work/BadClaims-reports"
(cd "$work" && dotnet test BadClaims --no-build --logger "console;verbosity=detailed") > "$work/BadClaims-test.log" 2>&1 && fail "dotnet test passed with three badly declared claims" || true
"$reprospec" plan --claims "$work/BadClaims/bin/Debug/net10.0/BadClaims.dll" > "$work/BadClaims-plan.log" 2>&1 || { cat "$work/BadClaims-plan.log"; fail "plan failed on BadClaims"; }
for log in "$work/BadClaims-test.log" "$work/BadClaims-plan.log"; do
  refuse "$log" 'System\.Text\.Json\.|ArgumentException|NotSupportedException|^ +at ReproSpec\.' "a raw exception reached the user in $(basename "$log")"
done
for claim in Delegate_parameter NaN_parameter All_runs_diverge; do
  # dotnet test's run summary: "badly declared: <test>: Bad claim declaration: <claim>: <why>"; plan: "BAD DECLARATION: <test>: <claim>: <why>".
  from_test=$(grep -E "badly declared: BadClaims.BadClaimFixture.$claim: " "$work/BadClaims-test.log" | head -1 | sed -E 's/.*: Bad claim declaration: //')
  from_plan=$(grep -E "BAD DECLARATION: BadClaims.BadClaimFixture.$claim: " "$work/BadClaims-plan.log" | head -1 | sed -E "s/.*BAD DECLARATION: BadClaims.BadClaimFixture.$claim: //")
  [ -n "$from_test" ] || { cat "$work/BadClaims-test.log"; fail "$claim: dotnet test does not list it as badly declared"; }
  [ "$from_test" = "$from_plan" ] || fail "$claim: dotnet test says '$from_test' but reprospec plan says '$from_plan'"
  grep -q "BadClaims.BadClaimFixture.$claim" "$work/BadClaims-reports/summary.md" || { cat "$work/BadClaims-reports/summary.md"; fail "$claim is missing from the suite report"; }
  echo "$claim: one message through dotnet test and plan: ${from_test:0:110}..."
done
grep -q "BadClaims.BadClaimFixture.Good_claim" "$work/BadClaims-reports/summary.md" || fail "the good claim is missing from the suite report"
expect "$work/BadClaims-plan.log" "^4 claim\(s\): 1 decided from the store, 0 need runs, 3 badly declared" "plan does not see what dotnet test saw"
echo "bad declarations: same messages through dotnet test and plan ($(( $(date +%s) - t0 )) s)"

echo "consumer parity passed in $(( $(date +%s) - start )) s"
