"""Fills kernelspec/kernel.json.in: @JAVA@ and @CLASSPATH@ placeholders, plus an env map; with
--archive FILE, the JVM also starts from that class-data-sharing archive (setup/train_kernel.py).

Usage: fill_kernelspec.py [--archive FILE] TEMPLATE OUTPUT JAVA CLASSPATH [NAME=VALUE ...]
"""
import json
import sys


def main(argv):
    archive = None
    if len(argv) > 2 and argv[1] == "--archive":
        archive = argv[2]
        argv = argv[:1] + argv[3:]
    if len(argv) < 5:
        sys.exit(__doc__)
    template, output, java, classpath = argv[1:5]
    with open(template, encoding="utf-8") as f:
        text = f.read()
    # Escape for a JSON string so that any path stays valid JSON.
    for placeholder, value in (("@JAVA@", java), ("@CLASSPATH@", classpath)):
        if placeholder not in text:
            sys.exit(f"{template} has no {placeholder} placeholder")
        text = text.replace(placeholder, json.dumps(value)[1:-1])
    try:
        spec = json.loads(text)
    except json.JSONDecodeError as e:
        sys.exit(f"{template} is not valid JSON once filled: {e}")
    if archive:
        spec["argv"].insert(1, "-XX:SharedArchiveFile=" + archive)
    env = spec.setdefault("env", {})
    for pair in argv[5:]:
        name, _, value = pair.partition("=")
        env[name] = value
    if not env:
        del spec["env"]
    with open(output, "w", encoding="utf-8") as f:
        json.dump(spec, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv)
