#!/usr/bin/env bash
# Packs every ReproSpec package into a temporary local feed, then builds and runs a user's claims project
# that references them from that feed (no project references, no lock file, no repository build props),
# and checks the claim gets the verdict the in-repo fixtures get. CI runs this; it must stay < 3 min.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/local-feed.sh"
start=$(date +%s)
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap '[ -n "${KEEP_SMOKE:-}" ] || rm -rf "$work"' EXIT
if [ -n "${REPROSPEC_CI_FEED:-}" ]; then
  # .ci/run packs the solution once for every package-consumer script.
  feed=$REPROSPEC_CI_FEED version=${REPROSPEC_CI_VERSION:?REPROSPEC_CI_VERSION must name the version packed in REPROSPEC_CI_FEED}
else
  feed="$work/feed"
  # A unique version: the global packages folder never serves a stale package of the same version.
  version="0.1.0-smoke.$(date +%s)"
  # One pack of the solution: one build graph, packable projects only (tests and claims are IsPackable=false).
  dotnet pack "$repo/ReproSpec.sln" -c Release -o "$feed" -p:Version="$version" --nologo -v quiet
fi

for id in ReproSpec ReproSpec.Plots ReproSpec.Worker ReproSpec.Torch ReproSpec.NUnit ReproSpec.Cli ReproSpec.Templates; do
  test -f "$feed/$id.$version.nupkg" || { echo "missing package $id" >&2; exit 1; }
done
# The native-library fix must reach package users.
# (Listings captured first: `unzip | grep -q` under pipefail fails when grep stops reading early.)
torch=$(unzip -l "$feed/ReproSpec.Torch.$version.nupkg")
cli=$(unzip -l "$feed/ReproSpec.Cli.$version.nupkg")
for path in build/ReproSpec.Torch.targets buildTransitive/ReproSpec.Torch.targets build/ElfVersionNeedPatch.cs; do
  grep -q " $path\$" <<<"$torch" || { echo "ReproSpec.Torch lacks $path" >&2; exit 1; }
done
grep -q "tools/net10.0/any/ReproSpec.Cli.dll" <<<"$cli" || { echo "ReproSpec.Cli is not a tool package" >&2; exit 1; }
nunit=$(unzip -l "$feed/ReproSpec.NUnit.$version.nupkg")
grep -q " build/ReproSpec.NUnit.props\$" <<<"$nunit" || { echo "ReproSpec.NUnit lacks build/ReproSpec.NUnit.props" >&2; exit 1; }

user="$work/UserClaims"
mkdir -p "$user"
# nuget.config in the user project's parent directory: restore finds it by walking up. Only the local feed is added;
# NuGet's default sources (the user-level config) still apply, so no registry's address is written here.
write_local_feed_config "$work" "$feed"
cat > "$user/UserClaims.csproj" <<XML
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
cat > "$user/Claims.cs" <<'CS'
using ReproSpec.Claims;
using ReproSpec.Execution;
using ReproSpec.NUnit;

// No [assembly: ClaimSuite], no [TestFixture], no NUnit type at all: ReproSpec.NUnit's build props add the
// suite attribute and the reference to nunit.framework without which the test adapter skips the assembly.

namespace UserClaims;

public sealed record Gaussian(double Mean, double Sd, string Label) : Experiment
{
    public override string Name => Label;

    public override RunMetrics Run(RunContext context)
    {
        var random = context.Seeds.Random(SeedSet.Sources.Init + ":" + Name);
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return RunMetrics.Of(("score", Mean + Sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2)));
    }
}

public class UserClaimFixture
{
    // 8 seeds: the default skew-robust paired t needs more than Student's t did at 5.
    [Claim(Seeds = 8)]
    public void High_beats_low() => Claim.That(new Gaussian(1.0, 0.1, "high")).Beats(new Gaussian(0.0, 0.1, "low")).On("score").ByAtLeast(0.5);
}
CS

export REPROSPEC_STORE="$work/store" REPROSPEC_REPORTS="$work/reports" REPROSPEC_NO_DIFFTOOL=1
(cd "$work" && dotnet test "$user" --logger "trx;LogFileName=$work/user.trx" --nologo -v quiet) > "$work/test.log" 2>&1 \
  && status=0 || status=$?
# A first run has no verified snapshot: like Verify, it fails and writes the received file.
grep -q "New distribution snapshot" "$work/user.trx" || { cat "$work/test.log"; echo "expected a new-snapshot failure on the first run (exit $status)" >&2; exit 1; }
test -f "$user/Claims.High_beats_low.received.json" || { echo "no received snapshot beside the user's source file" >&2; exit 1; }
mv "$user/Claims.High_beats_low.received.json" "$user/Claims.High_beats_low.verified.json"
(cd "$work" && dotnet test "$user" --no-restore --logger "trx;LogFileName=$work/user2.trx" --nologo -v quiet) > "$work/test2.log" 2>&1 \
  || { cat "$work/test2.log"; echo "the accepted claim did not pass" >&2; exit 1; }
grep -q "SUPPORTED: high beats low on score" "$work/user2.trx" || { echo "the claim's verdict is missing from the TRX" >&2; exit 1; }
test -f "$work/reports/UserClaims.UserClaimFixture.High_beats_low.png" || { echo "no claim plot written" >&2; exit 1; }
test -f "$work/reports/index.html" || { echo "no suite index.html written: the package's [assembly: ClaimSuite] did not apply" >&2; exit 1; }

dotnet "$repo/src/ReproSpec.Cli/bin/Release/net10.0/ReproSpec.Cli.dll" gate --trx "$work/user2.trx" \
  || { echo "gate failed on a supported claim" >&2; exit 1; }

# `dotnet new reprospec`: the template from the packed ReproSpec.Templates, a project outside the repository, its own
# experiment on its bundled CSV; the first run must say in one command what to do about the new snapshot.
template_start=$(date +%s)
hive="$work/template-hive"
dotnet new install "$feed/ReproSpec.Templates.$version.nupkg" --debug:custom-hive "$hive" > "$work/template-install.log" 2>&1 \
  || { cat "$work/template-install.log"; echo "dotnet new install of the template package failed" >&2; exit 1; }
(cd "$work" && dotnet new reprospec -o SpiralClaims --debug:custom-hive "$hive") > "$work/template-new.log" 2>&1 \
  || { cat "$work/template-new.log"; echo "dotnet new reprospec failed" >&2; exit 1; }
grep -q "Version=\"$version\"" "$work/SpiralClaims/SpiralClaims.csproj" || { cat "$work/SpiralClaims/SpiralClaims.csproj"; echo "the template does not reference the packed version $version" >&2; exit 1; }
export REPROSPEC_STORE="$work/template-store" REPROSPEC_REPORTS="$work/template-reports"
(cd "$work" && dotnet test SpiralClaims --logger "console;verbosity=detailed" --nologo) > "$work/template1.log" 2>&1 && status=0 || status=$?
[ "$status" != 0 ] && grep -q "New distribution snapshot" "$work/template1.log" \
  || { cat "$work/template1.log"; echo "the template's first run should fail on its new snapshot (exit $status)" >&2; exit 1; }
grep -q "SUPPORTED: MLP 2-32-2 beats softmax regression on test_accuracy" "$work/template1.log" \
  || { cat "$work/template1.log"; echo "the template's claim was not decided Supported" >&2; exit 1; }
# The one command the message gives, run exactly as printed.
accept=$(grep -A1 "accept it with this one command" "$work/template1.log" | tail -1 | sed 's/^ *//')
case "$accept" in mv\ *) ;; *) cat "$work/template1.log"; echo "no accept command after the new-snapshot message" >&2; exit 1 ;; esac
echo "the template's first run says: $accept"
(cd "$work/SpiralClaims" && bash -c "$accept")
(cd "$work" && dotnet test SpiralClaims --no-restore --logger "console;verbosity=detailed" --nologo) > "$work/template2.log" 2>&1 \
  || { cat "$work/template2.log"; echo "the template's claim did not pass after accepting its snapshot" >&2; exit 1; }
grep -E "SUPPORTED: MLP 2-32-2 beats softmax regression|runs: 0 trained, 10 from the store" "$work/template2.log"
grep -q "runs: 0 trained, 10 from the store" "$work/template2.log" || { cat "$work/template2.log"; echo "the re-run trained again instead of reading the store" >&2; exit 1; }
# Provenance for package users: the stored environment lists the packages and libtorch.
stored_environments=$(cat "$work"/template-store/environments/*.json)
grep -q '"libTorch": "libtorch-cpu' <<<"$stored_environments" || { echo "$stored_environments"; echo "the stored environment does not name libtorch" >&2; exit 1; }
grep -q '"ReproSpec.Torch": "'"$version"'"' <<<"$stored_environments" || { echo "$stored_environments"; echo "the stored environment does not list the packages" >&2; exit 1; }
echo "template project created, decided and re-run from the store in $(( $(date +%s) - template_start )) s"

# CI over published runs: export the runs the claims were decided from into the project, drop the store, and decide
# with REPROSPEC_TRAIN=never: nothing may train. Then a missing published run must fail its claim with the command.
cli="$repo/src/ReproSpec.Cli/bin/Release/net10.0/ReproSpec.Cli.dll"
(cd "$work/SpiralClaims" && dotnet "$cli" export) > "$work/export.log" 2>&1 || { cat "$work/export.log"; echo "reprospec export failed" >&2; exit 1; }
cat "$work/export.log"
test -d "$work/SpiralClaims/published-runs/runs" || { echo "export wrote no published-runs/ beside the claims project" >&2; exit 1; }
rm -rf "$work/template-store"
(cd "$work" && REPROSPEC_TRAIN=never dotnet test SpiralClaims --no-restore --logger "console;verbosity=detailed" --nologo) > "$work/template3.log" 2>&1 \
  || { cat "$work/template3.log"; echo "decide-only from the published runs failed" >&2; exit 1; }
grep -q "runs: 0 trained, 10 from the store" "$work/template3.log" || { cat "$work/template3.log"; echo "decide-only trained runs" >&2; exit 1; }
rm -rf "$work/template-store"
find "$work/SpiralClaims/published-runs/runs" -name '*.json' | head -1 | xargs rm
(cd "$work" && REPROSPEC_TRAIN=never dotnet test SpiralClaims --no-restore --logger "console;verbosity=detailed" --nologo) > "$work/template4.log" 2>&1 && status=0 || status=$?
[ "$status" != 0 ] && grep -q "1 of 10 run(s) are neither in the store nor in the published runs" "$work/template4.log" && grep -q 'dotnet test --filter "FullyQualifiedName=' "$work/template4.log" \
  || { cat "$work/template4.log"; echo "a missing published run did not fail its claim with the command that trains it (exit $status)" >&2; exit 1; }
echo "decide-only from published runs: 0 trained; a missing run fails with the command to train it"
echo "package smoke test passed in $(( $(date +%s) - start )) s"
