#!/bin/sh
# The payload of scripts/vm-telemetry-demo.sh, run by init.sh inside the User-Mode Linux guest: the VmTelemetry
# sample's subscriber and publisher as two processes over the vsock loopback (CID 1), once with the publisher bound
# and the subscriber connecting, once the other way round. Each process's stdout and stderr and the subscriber's exit
# status land in $UML_OUT as ROUND.sub.out, ROUND.pub.out, ... for the host side to check; this script only runs them.
#
# The subscriber ends by itself after $VMT_COUNT samples, or is ended by timeout; the publisher publishes every
# 100 ms (a PUB socket drops what it sends before the subscriber has joined) until it is stopped once the subscriber
# is done, with a count as a backstop so that it cannot outlive the guest's limit either.
# --metrics none: stdout carries only the samples, which the host compares line by line (the default would add the
# OpenTelemetry console exporter's output to it).
set -u

# Seconds since the guest booted, so the log shows where a slow run spends its time.
stamp() {
    echo "vm-telemetry: [$(cut -d' ' -f1 /proc/uptime) s] $*"
}

round() {
    name=$1 pub_side=$2 sub_side=$3
    stamp "round $name: publish $pub_side, subscribe $sub_side"
    timeout "$VMT_WAIT" dotnet "$VMT_DLL" subscribe $sub_side --topic telemetry/ --count "$VMT_COUNT" --metrics none \
        >"$UML_OUT/$name.sub.out" 2>"$UML_OUT/$name.sub.err" &
    sub=$!
    dotnet "$VMT_DLL" publish $pub_side --topic "telemetry/uml-$name" --interval 100 --count $((VMT_WAIT * 10)) --metrics none \
        >"$UML_OUT/$name.pub.out" 2>"$UML_OUT/$name.pub.err" &
    pub=$!
    wait "$sub"
    echo $? >"$UML_OUT/$name.sub.status"
    stamp "round $name: the subscriber exited with $(cat "$UML_OUT/$name.sub.status"); stopping the publisher"
    kill -TERM "$pub" 2>/dev/null
    wait "$pub"
    echo $? >"$UML_OUT/$name.pub.status"
    stamp "round $name: the publisher exited with $(cat "$UML_OUT/$name.pub.status")"
}

round pub-binds "--bind vsock://1:$VMT_PORT" "--connect vsock://1:$VMT_PORT"
round sub-binds "--connect vsock://1:$((VMT_PORT + 1))" "--bind vsock://1:$((VMT_PORT + 1))"
