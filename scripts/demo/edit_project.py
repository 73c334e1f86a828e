"""The edits a developer makes to the demo's DVC project between its commits (demo workspace
generator). Files the tools write (dvc.lock, .dvc files, .gitignore entries) are left to the tools.

python edit_project.py PROJECT read-raw              prepare reads data/raw/tumours.csv
python edit_project.py PROJECT add-column NAME LOW HIGH
python edit_project.py PROJECT set-param SECTION.KEY VALUE
"""

import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE = "cancer_pipeline"


def read_raw(project: Path) -> None:
    shutil.copy(HERE / PACKAGE / "prepare.py", project / "src" / PACKAGE / "stages" / "prepare.py")
    dvc_yaml = project / "dvc.yaml"
    text = dvc_yaml.read_text()
    stage = "  prepare:\n"
    start = text.index(stage)
    deps = text.index("    deps:\n", start) + len("    deps:\n")
    dvc_yaml.write_text(text[:deps] + "      - data/raw/tumours.csv\n" + text[deps:])


def add_column(project: Path, name: str, low: str, high: str) -> None:
    config = project / "src" / PACKAGE / "config.py"
    text = config.read_text()
    anchor = "    TARGET: (0.0, 1.0),\n"
    if anchor not in text:
        sys.exit(f"{config}: no line {anchor.strip()!r} to add the column before")
    config.write_text(text.replace(anchor, f'    "{name}": ({low}, {high}),\n' + anchor))


def set_param(project: Path, dotted: str, value: str) -> None:
    params = project / "params.yaml"
    section, key = dotted.split(".", 1)
    text = params.read_text()
    pattern = re.compile(
        rf"(^{re.escape(section)}:\n(?:(?:  .*|\s*)\n)*?  {re.escape(key)}: )(\S+)", re.MULTILINE
    )
    updated, count = pattern.subn(lambda m: m.group(1) + value, text, count=1)
    if count != 1:
        sys.exit(f"{params}: no {dotted}")
    params.write_text(updated)


def main(argv: list[str]) -> None:
    if len(argv) < 3:
        sys.exit(__doc__)
    project, action, args = Path(argv[1]), argv[2], argv[3:]
    if action == "read-raw" and not args:
        read_raw(project)
    elif action == "add-column" and len(args) == 3:
        add_column(project, *args)
    elif action == "set-param" and len(args) == 2:
        set_param(project, *args)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
