#!/usr/bin/env python3
"""Writes the seed corpus of each fuzz target from the workspace's own specs.

  spec_loader/    each provider.yaml + NUL + one of its services (the split
                  tests/src/fuzz.rs::spec_loader makes), from specs/ and tests/fixtures/ok/
  request_decode/ each doc example's request body, and flattened queries (QUERIES below)
  response_parse/ a status byte (0 = 200, 5 = 400, see STATUSES in tests/src/fuzz.rs)
                  + each doc example's response body, and an error envelope per provider

Run from anywhere: python3 fuzz/corpus/make.py. It rewrites the three folders.
Needs PyYAML only to read the examples out of the specs.
"""
import hashlib
import pathlib
import shutil

import yaml

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def spec_sets():
    """(name, provider file, [service files]) for specs/ and each ok fixture."""
    folders = [(f"specs-{p.name}", p) for p in sorted((ROOT / "specs").iterdir()) if p.is_dir()]
    for case in sorted((ROOT / "tests/fixtures/ok").iterdir()):
        folders += [(f"{case.name}-{p.name}", p) for p in sorted(case.iterdir()) if p.is_dir()]
    for name, folder in folders:
        services = sorted(f for f in folder.glob("*.yaml") if f.name != "provider.yaml")
        yield name, folder / "provider.yaml", services


def write(folder, name, data):
    (HERE / folder).mkdir(parents=True, exist_ok=True)
    (HERE / folder / name).write_bytes(data)


# Flattened queries (Alibaba Cloud RPC) for decode_query: a valid one, and one
# with a problem of each kind unflattening reports.
QUERIES = {
    "eiam-valid": "InstanceId=idaas_1&UserId=user_1&EmailVerified=true&Email=a%40example.com"
                  "&CustomFields.1.FieldName=nick_name&CustomFields.1.Operation=add"
                  "&CustomFields.2.FieldName=%E5%BC%A0&CustomFields.2.FieldValue=a%2Bb",
    "malformed": "Tags.0=a&Tags.x=b&A=1&A.B=2&A=3&B..C=4&L.1=a&L.3=c&=e&V=%FF",
}


def main():
    for target in ["spec_loader", "request_decode", "response_parse"]:
        shutil.rmtree(HERE / target, ignore_errors=True)
    seen = set()
    for name, provider, services in spec_sets():
        provider_text = provider.read_bytes()
        envelope = yaml.safe_load(provider_text)["envelope"]
        error = {envelope["code"]: "InvalidParameter", envelope["message"]: "bad", envelope["request_id"]: "r-1"}
        if envelope.get("error_object"):
            error = {envelope["error_object"]: error, envelope["request_id"]: "r-1"}
        if envelope.get("wrapper"):
            error = {envelope["wrapper"]: error}
        write("response_parse", f"{name}-error-400.json", bytes([5]) + yaml.dump(error, default_flow_style=True).encode())
        for service in services:
            write("spec_loader", f"{name}-{service.stem}.yaml", provider_text + b"\0" + service.read_bytes())
            spec = yaml.safe_load(service.read_bytes())
            for action in spec.get("actions", []):
                for i, example in enumerate(action.get("examples", [])):
                    for key, folder, prefix in [("request", "request_decode", b""), ("response", "response_parse", bytes([0]))]:
                        body = example.get(key)
                        digest = hashlib.sha1(body.encode()).hexdigest() if body else None
                        if body and (folder, digest) not in seen:
                            seen.add((folder, digest))
                            write(folder, f"{name}-{service.stem}-{action['name']}-{i}-{key}.json", prefix + body.encode())
    for name, query in QUERIES.items():
        write("request_decode", f"query-{name}.txt", query.encode())


if __name__ == "__main__":
    main()
