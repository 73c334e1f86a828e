"""Fidelity oracle: what TensorBoard itself reads from a log folder. EventMultiplexer names the runs
(AddRunsFromDirectory), each run's EventAccumulator gives the scalars (simple_value) and the tensors
(TF2-style scalars, with their plugin from SummaryMetadata), and the hparams plugin's session start
info gives the hparams. Prints JSON: {run: {"scalars": {tag: [[step, wall_time, value]]}, "hparams": {}}}."""
import json
import math
import sys

from tensorboard.backend.event_processing import event_accumulator, event_multiplexer
from tensorboard.plugins.hparams import metadata as hparams_metadata
from tensorboard.util import tensor_util

ALL = {event_accumulator.SCALARS: 0, event_accumulator.TENSORS: 0}


def number(value):
    value = float(value)
    return "NaN" if math.isnan(value) else value


def read_run(accumulator):
    tags = accumulator.Tags()
    scalars = {}
    for tag in tags[event_accumulator.SCALARS]:
        scalars[tag] = [[e.step, e.wall_time, number(e.value)] for e in accumulator.Scalars(tag)]
    for tag in tags[event_accumulator.TENSORS]:
        plugin = accumulator.SummaryMetadata(tag).plugin_data.plugin_name
        if plugin != "scalars":
            continue
        scalars[tag] = [
            [e.step, e.wall_time, number(tensor_util.make_ndarray(e.tensor_proto).item())]
            for e in accumulator.Tensors(tag)
        ]
    hparams = {}
    try:
        content = accumulator.PluginTagToContent(hparams_metadata.PLUGIN_NAME)
    except KeyError:
        content = {}
    if hparams_metadata.SESSION_START_INFO_TAG in content:
        info = hparams_metadata.parse_session_start_info_plugin_data(
            content[hparams_metadata.SESSION_START_INFO_TAG]
        )
        for key, value in info.hparams.items():
            kind = value.WhichOneof("kind")
            hparams[key] = None if kind == "null_value" else getattr(value, kind)
    return {"scalars": scalars, "hparams": hparams}


if __name__ == "__main__":
    multiplexer = event_multiplexer.EventMultiplexer(size_guidance=ALL)
    multiplexer.AddRunsFromDirectory(sys.argv[1])
    multiplexer.Reload()
    runs = {run: read_run(multiplexer.GetAccumulator(run)) for run in multiplexer.Runs()}
    print(json.dumps(runs))
