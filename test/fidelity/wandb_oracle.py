"""Oracle for test/fidelity/wandb.test.ts: decodes W&B run logs with the wandb package's own
protobuf classes (wandb.proto.wandb_internal_pb2.Record).

The pinned wandb reads its logs in its Go core; the Python `wandb.sdk.internal.datastore` reader is
gone. So the block framing is done here, independently of the reader under test, by LevelDB's log
format as wandb's writer applies it: 32 KiB blocks, a 7-byte ":W&B" file header, and 7-byte chunk
headers (CRC-32 of the type byte and data as zlib computes it, uint16 length, type).

Usage: python wandb_oracle.py LOG... ; prints one JSON object per log, keyed by path. Non-finite
numbers are written as the strings "NaN", "Infinity", "-Infinity".
"""

import json
import math
import struct
import sys
import zlib

from wandb.proto import wandb_internal_pb2 as pb

BLOCK = 32768
HEADER = 7


def records(path):
    data = open(path, "rb").read()
    ident, magic, version = struct.unpack("<4sHB", data[:HEADER])
    assert ident == b":W&B" and magic == 0xBEE1 and version == 0, (ident, magic, version)
    offset, pending = HEADER, None
    while offset + HEADER <= len(data):
        room = BLOCK - offset % BLOCK
        if room < HEADER:
            offset += room
            continue
        crc, length, kind = struct.unpack("<IHB", data[offset : offset + HEADER])
        if crc == 0 and length == 0 and kind == 0:
            offset += room
            continue
        body = data[offset + HEADER : offset + HEADER + length]
        if len(body) < length:
            break  # the file ends inside a chunk: a run still being written, or killed
        assert zlib.crc32(bytes([kind]) + body) & 0xFFFFFFFF == crc, f"bad CRC at {offset}"
        offset += HEADER + length
        if kind == 1:
            yield body
        elif kind == 2:
            pending = body
        elif kind == 3:
            pending += body
        elif kind == 4:
            yield pending + body
            pending = None


def finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


def item_path(item):
    return list(item.nested_key) if len(item.nested_key) else [item.key]


def set_path(target, keys, value):
    for key in keys[:-1]:
        if not isinstance(target.get(key), dict):
            target[key] = {}
        target = target[key]
    target[keys[-1]] = value


def remove_path(target, keys):
    for key in keys[:-1]:
        target = target.get(key) if isinstance(target, dict) else None
    if isinstance(target, dict):
        target.pop(keys[-1], None)


def apply(target, record):
    for item in record.update:
        set_path(target, item_path(item), json.loads(item.value_json))
    for item in record.remove:
        remove_path(target, item_path(item))


def flat(value, prefix=""):
    for key, child in value.items():
        if isinstance(child, dict):
            if "_type" not in child:
                yield from flat(child, prefix + key + "/")
        else:
            yield prefix + key, child


def decode(path):
    out = {"config": {}, "summary": {}, "history": {}, "run": None, "exit": None, "environment": {}}
    for body in records(path):
        record = pb.Record()
        record.ParseFromString(body)
        kind = record.WhichOneof("record_type")
        if kind == "run":
            run = record.run
            apply(out["config"], run.config)
            out["run"] = {
                "id": run.run_id,
                "project": run.project,
                "name": run.display_name,
                "group": run.run_group,
                "job_type": run.job_type,
                "notes": run.notes,
                "tags": list(run.tags),
                "start_ms": run.start_time.seconds * 1000 + run.start_time.nanos // 1000000,
            }
        elif kind == "config":
            apply(out["config"], record.config)
        elif kind == "summary":
            apply(out["summary"], record.summary)
        elif kind == "exit":
            out["exit"] = {"exit_code": record.exit.exit_code, "runtime": record.exit.runtime}
        elif kind == "environment":
            env = record.environment
            for field in ("host", "program", "python", "os"):
                if getattr(env, field):
                    out["environment"][field] = getattr(env, field)
            if len(env.args):
                out["environment"]["args"] = list(env.args)
            if env.git.commit:
                out["environment"]["commit"] = env.git.commit
        elif kind == "history":
            row = {}
            for item in record.history.item:
                key, value = "/".join(item_path(item)), json.loads(item.value_json)
                if isinstance(value, dict):
                    for leaf, leaf_value in flat(value, key + "/"):
                        row[leaf] = leaf_value
                else:
                    row[key] = value
            step, stamp = row.get("_step", 0), row.get("_timestamp")
            for key, value in row.items():
                if key.startswith("_") or not isinstance(value, (int, float)):
                    continue
                point = {"step": step, "value": float(value)}
                if stamp is not None:
                    # Milliseconds, halves rounded up (Python's round() would round them to even).
                    point["timestamp"] = math.floor(stamp * 1000 + 0.5)
                out["history"].setdefault(key, []).append(point)
    out["config"].pop("_wandb", None)
    return finite(out)


if __name__ == "__main__":
    print(json.dumps({path: decode(path) for path in sys.argv[1:]}, allow_nan=False))
