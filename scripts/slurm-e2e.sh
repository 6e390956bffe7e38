#!/usr/bin/env bash
# End-to-end on a real Slurm: starts a one-node cluster on localhost (munged, slurmctld, slurmd as root,
# everything under a temporary directory, non-default ports) and submits `reprospec slurm --submit` into fresh stores for
#   - a package consumer's project (when REPROSPEC_CI_FEED names a folder of packed .nupkg files, as .ci/run exports
#     it with REPROSPEC_CI_VERSION): `dotnet new reprospec` from the packed template, the packed CLI as a local tool,
#     a nuget.config with only that feed added, as scripts/package-smoke.sh and scripts/consumer-parity.sh set it up;
#   - tests/ReproSpec.ClusterClaims (three synthetic claims, one of them sequential so a follow-up job plans a second
#     round, a tiny TorchSharp MNIST claim, and a CommandExperiment claim whose workers start a shell script).
# Both go to the cluster at once; it waits for every round, then checks that `dotnet test` of each project decides
# every claim from its store with 0 runs trained, with the verdicts `reprospec plan` read from the same store.
# Stops what it started, by pid. Needs root and apt (Debian/Ubuntu); every step has a timeout. Usage: scripts/slurm-e2e.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/local-feed.sh"
cd "$(dirname "$0")/.."
repo=$PWD
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
budget=${REPROSPEC_SLURM_E2E_TIMEOUT:-300}   # seconds the submitted jobs may take, all rounds together
start=$(date +%s)
say() { echo "[slurm-e2e $(( $(date +%s) - start )) s] $*"; }
fail() { echo "[slurm-e2e] FAILED: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || fail "needs root: it starts munged, slurmctld and slurmd (run it in a CI container or a throwaway VM)."

work=$(mktemp -d /tmp/reprospec-slurm-e2e.XXXXXX)
pids=()
cleanup() {
    local status=$?
    if [ "$status" != 0 ] && [ -d "$work" ]; then
        echo "---- job logs" >&2; tail -n 30 "$work"/jobs/logs/* >&2 2>/dev/null || true
        echo "---- slurmctld.log" >&2; tail -n 30 "$work/log/slurmctld.log" >&2 2>/dev/null || true
        echo "---- slurmd.log" >&2; tail -n 30 "$work/log/slurmd.log" >&2 2>/dev/null || true
    fi
    # Jobs still queued or running on this private cluster (only after a failure), then the daemons.
    if [ -n "${SLURM_CONF:-}" ] && [ "${#pids[@]}" -gt 1 ]; then
        timeout 10 scancel --partition=e2e 2>/dev/null || true
        for _ in $(seq 10); do [ -z "$(timeout 5 squeue -h 2>/dev/null)" ] && break; sleep 1; done
    fi
    # The consumer's preparation, if still running after a failure (its subshell, started by this script).
    [ -n "${prepare_pid:-}" ] && kill -TERM "$prepare_pid" 2>/dev/null || true
    # Daemons last-started first; SIGTERM, then SIGKILL after 10 s. Only the pids this script started.
    local i
    for (( i=${#pids[@]}-1; i>=0; i-- )); do kill -TERM "${pids[i]}" 2>/dev/null || true; done
    for (( i=${#pids[@]}-1; i>=0; i-- )); do
        timeout 10 tail --pid="${pids[i]}" -f /dev/null 2>/dev/null || kill -KILL "${pids[i]}" 2>/dev/null || true
    done
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. Slurm and munge from Debian.
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
    say "installing slurm-wlm and munge"
    timeout 300 apt-get update -qq
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null
fi
say "$(slurmctld -V)"

# 2. The package consumer's project, prepared in the background while the in-repo claims build, the cluster starts
# and runs them (restore and build take the longest).
consumer="" prepare_pid=""
if [ -n "${REPROSPEC_CI_FEED:-}" ]; then
    feed=$REPROSPEC_CI_FEED version=${REPROSPEC_CI_VERSION:?REPROSPEC_CI_VERSION must name the version packed in REPROSPEC_CI_FEED}
    consumer="$work/consumer"
    consumer_claims="$consumer/SpiralClaims/bin/Debug/net10.0/SpiralClaims.dll"
    consumer_cli() { (cd "$consumer" && timeout 120 "$consumer/tool/reprospec" "$@"); }
    prepare_consumer() {
        mkdir -p "$consumer"
        # Only the local feed is added; NuGet's default sources (the user-level config) still apply.
        write_local_feed_config "$consumer" "$feed"
        (cd "$consumer" && timeout 300 dotnet tool install ReproSpec.Cli --version "$version" --tool-path "$consumer/tool") \
            || fail "the reprospec tool did not install from $feed"
        timeout 120 dotnet new install "$feed/ReproSpec.Templates.$version.nupkg" --debug:custom-hive "$consumer/hive" \
            || fail "dotnet new install of the packed template failed"
        (cd "$consumer" && timeout 120 dotnet new reprospec -o SpiralClaims --debug:custom-hive "$consumer/hive") || fail "dotnet new reprospec failed"
        (cd "$consumer" && timeout 600 dotnet build SpiralClaims --nologo -v quiet) || fail "the template project does not build against the packages"
    }
    prepare_consumer > "$work/consumer-prepare.log" 2>&1 &
    prepare_pid=$!
fi

# 2b. Build what the in-repo jobs run (a no-op after .ci/run's dotnet test).
timeout 600 dotnet build src/ReproSpec.Cli -v q -nologo >/dev/null || fail "dotnet build src/ReproSpec.Cli"
timeout 600 dotnet build tests/ReproSpec.ClusterClaims -v q -nologo >/dev/null || fail "dotnet build tests/ReproSpec.ClusterClaims"
cli="$repo/src/ReproSpec.Cli/bin/Debug/net10.0/ReproSpec.Cli.dll"
claims="$repo/tests/ReproSpec.ClusterClaims/bin/Debug/net10.0/ReproSpec.ClusterClaims.dll"
reprospec() { timeout 120 dotnet "$cli" "$@"; }

# 3. munge: a fresh key and a private socket.
mkdir -p "$work"/{munge,state,spool,log,store,jobs,reports}
chmod 700 "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
munged --foreground --force --key-file="$work/munge/munge.key" --socket="$work/munge/munge.socket.2" \
    --pid-file="$work/munge/munged.pid" --log-file="$work/log/munged.log" --seed-file="$work/munge/munged.seed" >"$work/log/munged.out" 2>&1 &
pids+=($!)

# 4. slurm.conf: one node with 2 CPUs, ports away from the defaults (6817/6818).
node=$(hostname -s)
port=$(( 20000 + RANDOM % 20000 ))
cat > "$work/slurm.conf" <<EOF
ClusterName=reprospec-e2e
SlurmctldHost=$node
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$(( port + 1 ))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/munge.socket.2
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
SwitchType=switch/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
SlurmdTimeout=60
NodeName=$node NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=e2e Nodes=$node Default=YES MaxTime=30 State=UP
EOF
export SLURM_CONF="$work/slurm.conf"

for _ in $(seq 50); do [ -S "$work/munge/munge.socket.2" ] && break; sleep 0.2; done
[ -S "$work/munge/munge.socket.2" ] || fail "munged did not open its socket (see $work/log/munged.log)"

slurmctld -D -c -f "$SLURM_CONF" >"$work/log/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" -N "$node" >"$work/log/slurmd.out" 2>&1 &
pids+=($!)
say "munged, slurmctld (port $port), slurmd started: pids ${pids[*]}"

up=""
for _ in $(seq 60); do
    state=$(timeout 5 sinfo -h -N -o %T 2>/dev/null || true)
    if [ "$state" = idle ]; then up=1; break; fi
    sleep 1
done
[ -n "$up" ] || fail "the node did not become idle within 60 s (sinfo: ${state:-no answer})"
say "node $node idle"

# 5. Plan and submit: round 1 covers every claim's first look; a follow-up job plans the next looks.
reprospec plan --claims "$claims" --store "$work/store" > "$work/plan-before.log"
sed -n 1,5p "$work/plan-before.log"
reprospec slurm --submit --claims "$claims" --store "$work/store" --out "$work/jobs" \
    --partition e2e --array-size 2 --cpus-per-task 1 --time 00:10:00 --rounds 5 | tee "$work/submit.log"
grep -q "submitted job array" "$work/submit.log" || fail "reprospec slurm did not submit an array"
mkdir -p "$work"/consumer-{store,jobs,reports}
if [ -n "$consumer" ]; then
    wait "$prepare_pid" || { cat "$work/consumer-prepare.log"; fail "preparing the package consumer's project failed"; }
    prepare_pid=""
    say "package consumer: SpiralClaims from the ReproSpec.Templates $version template, the reprospec tool from the feed"
    consumer_cli plan --claims "$consumer_claims" --store "$work/consumer-store" > "$work/consumer-plan-before.log"
    sed -n 1,3p "$work/consumer-plan-before.log"
    grep -q "^10 missing run(s)" "$work/consumer-plan-before.log" || fail "the template's claim should miss its 10 runs on a fresh store"
    consumer_cli slurm --submit --claims "$consumer_claims" --store "$work/consumer-store" --out "$work/consumer-jobs" \
        --partition e2e --array-size 2 --cpus-per-task 1 --time 00:10:00 --rounds 3 | tee "$work/consumer-submit.log"
    grep -q "submitted job array" "$work/consumer-submit.log" || fail "the packed reprospec slurm did not submit an array"
fi

# 6. Wait until the queue is empty (the follow-up job is queued until its array ends, so the queue only
# empties after the last round), bounded by the budget.
deadline=$(( $(date +%s) + budget ))
while :; do
    queued=$(timeout 10 squeue -h -o "%i %j %T" 2>/dev/null) || fail "squeue did not answer"
    [ -z "$queued" ] && break
    [ "$(date +%s)" -lt "$deadline" ] || fail "jobs still queued after ${budget} s: $queued"
    sleep 2
done
rounds=$(ls "$work"/jobs/logs/reprospec-next-round-*.out 2>/dev/null | wc -l)
say "queue empty; $(ls "$work"/jobs/logs/reprospec-runs-*.out | wc -l) array task log(s), $rounds follow-up round job(s)"

# 7. The package consumer: plan reads the verdict from the cluster's runs, and `dotnet test` of the project trains 0
# runs and gives that verdict (snapshots off: the template's first snapshot is not what this checks).
if [ -n "$consumer" ]; then
    consumer_cli plan --claims "$consumer_claims" --store "$work/consumer-store" > "$work/consumer-plan.log"
    sed -n 1,3p "$work/consumer-plan.log"
    grep -q "^0 missing run(s)" "$work/consumer-plan.log" || { cat "$work"/consumer-jobs/logs/* >&2; fail "the consumer's runs are still missing after the cluster finished"; }
    planned=$(grep -E '^  (SUPPORTED|REFUTED|INCONCLUSIVE): ' "$work/consumer-plan.log" | head -1)
    [ -n "$planned" ] || fail "reprospec plan decided no claim of the consumer's project"
    # "  SUPPORTED: <test>: <sentence> [<design>]" -> "SUPPORTED: <sentence>", as dotnet test prints it.
    verdict=$(sed -E 's/^  ([A-Z]+): [^:]+: (.*) \[[^]]*\]$/\1: \2/' <<<"$planned")
    (cd "$consumer" && REPROSPEC_STORE="$work/consumer-store" REPROSPEC_REPORTS="$work/consumer-reports" REPROSPEC_SNAPSHOTS=0 \
        timeout 300 dotnet test SpiralClaims --no-build --logger "console;verbosity=normal") > "$work/consumer-test.log" 2>&1 \
        || { cat "$work/consumer-test.log"; fail "dotnet test of the consumer's project failed"; }
    summary=$(grep -E '\[reprospec\] claims: ' "$work/consumer-test.log" || true)
    echo "$summary"
    echo "$summary" | grep -qE 'runs: 0 trained, 10 from the store' || fail "dotnet test of the consumer's project trained runs: ${summary:-no summary line}"
    grep -qF -- "$verdict" "$work/consumer-test.log" || { cat "$work/consumer-test.log"; fail "dotnet test did not give the verdict plan read from the cluster's runs: $verdict"; }
    say "package consumer OK: $verdict, from the runs Slurm trained, 0 trained by dotnet test"
fi

reprospec plan --claims "$claims" --store "$work/store" > "$work/plan.log"
sed -n 1,6p "$work/plan.log"
grep -q "^0 missing run(s)" "$work/plan.log" || fail "runs still missing after the cluster finished"

# 8. dotnet test decides everything from the store: nothing trains.
REPROSPEC_STORE="$work/store" REPROSPEC_REPORTS="$work/reports" REPROSPEC_SNAPSHOTS=0 \
    timeout 300 dotnet test tests/ReproSpec.ClusterClaims --no-build --logger "console;verbosity=normal" > "$work/test.log" 2>&1 \
    || { cat "$work/test.log"; fail "dotnet test failed"; }
summary=$(grep -E '\[reprospec\] claims: ' "$work/test.log" || true)
echo "$summary"
echo "$summary" | grep -qE 'claims: 5 supported, 0 refuted, 0 inconclusive, 0 badly declared; runs: 0 trained' \
    || fail "expected 5 claims decided with 0 runs trained: ${summary:-no summary line}"
# The TorchSharp claim's runs were trained by the cluster's workers (libtorch loaded there): stored and succeeded.
torch_runs=$(grep -rl '"experimentType": "ReproSpec.Torch.Experiments.MnistClassifier"' "$work/store/runs" | xargs -r grep -l '"status": "Succeeded"' | wc -l)
[ "$torch_runs" = 3 ] || fail "expected 3 succeeded MNIST runs in the store, found $torch_runs"
grep -q 'Passed A_small_mlp_reaches_60_percent_after_one_epoch' "$work/test.log" || fail "the TorchSharp claim did not pass"
# The CommandExperiment claim's runs were the cluster workers' shell-script processes: stored and succeeded.
command_runs=$(grep -rl '"experimentType": "ReproSpec.Experiments.CommandExperiment"' "$work/store/runs" | xargs -r grep -l '"status": "Succeeded"' | wc -l)
[ "$command_runs" = 3 ] || fail "expected 3 succeeded CommandExperiment runs in the store, found $command_runs"
grep -q 'Passed A_shell_script_scores_at_least_70_percent' "$work/test.log" || fail "the CommandExperiment claim did not pass"
say "OK: every claim decided from the runs Slurm trained, 0 trained by dotnet test"
