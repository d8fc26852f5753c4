"""S3-compatible storage: the example site sent to a moto S3 server on 127.0.0.1 over HTTP.

The bucket keeps versions, so the server itself tells which objects each
publish wrote: an object written once has one version, a re-sent one two.
"""

from __future__ import annotations

import hashlib
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from blogfolio.publish.headers import LONG, MEDIUM, SHORT
from publish.conftest import (
    EDITED_PAGE,
    add_config,
    changed_between,
    closed_port,
    edit_post,
    publish,
    tree_digests,
)

PREFIX = "folio/"


@pytest.fixture
def bucket(s3_endpoint: str, aws_env: None) -> str:
    """A fresh versioned bucket on the moto server."""
    name = f"folio-{uuid.uuid4().hex[:12]}"
    client = s3(s3_endpoint)
    client.create_bucket(Bucket=name)
    client.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    return name


@pytest.fixture
def site(example: Path, bucket: str, s3_endpoint: str) -> Path:
    """The example site with an S3 target named `bucket`."""
    add_config(
        example,
        f'[publish.targets.bucket]\nurl = "s3://{bucket}/{PREFIX}"\n'
        f'endpoint = "{s3_endpoint}"\nregion = "us-east-1"\ntimeout = 5\nretries = 1\n',
    )
    return example


def s3(endpoint: str) -> Any:
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")


def versions(endpoint: str, bucket: str) -> dict[str, int]:
    """How many times each key was written."""
    counts: dict[str, int] = {}
    pages = s3(endpoint).get_paginator("list_object_versions").paginate(Bucket=bucket)
    for page in pages:
        for item in page.get("Versions", []):
            counts[item["Key"]] = counts.get(item["Key"], 0) + 1
    return counts


def test_publishes_the_example_site_with_types_and_cache_policy(
    site: Path, bucket: str, s3_endpoint: str
) -> None:
    result = publish(site, "bucket")
    assert result.exit_code == 0, result.stderr
    local = _files(site / "site")
    client = s3(s3_endpoint)
    for rel, path in local.items():
        body = client.get_object(Bucket=bucket, Key=PREFIX + rel)["Body"].read()
        assert body == path.read_bytes(), rel
    assert set(versions(s3_endpoint, bucket)) == {PREFIX + rel for rel in local}
    expected = {
        "index.html": ("text/html; charset=utf-8", SHORT),
        "css/style.css": ("text/css; charset=utf-8", LONG),
        "js/site.js": ("text/javascript; charset=utf-8", LONG),
        "atom.xml": ("application/atom+xml", SHORT),
        "posts/2025/networking-before-the-interview/coffee-chat.svg": ("image/svg+xml", MEDIUM),
    }
    for rel, (kind, cache) in expected.items():
        head = client.head_object(Bucket=bucket, Key=PREFIX + rel)
        assert (head["ContentType"], head["CacheControl"]) == (kind, cache), rel
        digest = hashlib.md5(local[rel].read_bytes(), usedforsecurity=False).hexdigest()
        assert head["Metadata"]["blogfolio-md5"] == digest
    assert f"{len(local)} uploaded" in result.stdout
    assert "0 unchanged, 0 deleted" in result.stdout


def test_second_publish_uploads_nothing_and_an_edit_uploads_exactly_what_changed(
    site: Path, bucket: str, s3_endpoint: str
) -> None:
    assert publish(site, "bucket").exit_code == 0
    before = tree_digests(site / "site")

    again = publish(site, "bucket")
    assert again.exit_code == 0, again.stderr
    assert f"0 uploaded (0 B), {len(before)} unchanged" in again.stdout
    assert set(versions(s3_endpoint, bucket).values()) == {1}

    edit_post(site)
    edited = publish(site, "bucket")
    assert edited.exit_code == 0, edited.stderr
    changed = changed_between(before, tree_digests(site / "site"))
    assert EDITED_PAGE in changed
    rewritten = {key for key, count in versions(s3_endpoint, bucket).items() if count > 1}
    assert rewritten == {PREFIX + rel for rel in changed if rel in before}  # others are new
    assert f"{len(changed)} uploaded" in edited.stdout
    for rel in changed:
        assert f"uploaded {rel}" in edited.stdout


def test_stale_objects_are_deleted_only_with_delete(
    site: Path, bucket: str, s3_endpoint: str
) -> None:
    client = s3(s3_endpoint)
    client.put_object(Bucket=bucket, Key=PREFIX + "old/index.html", Body=b"old")
    client.put_object(Bucket=bucket, Key="elsewhere/keep.txt", Body=b"not ours")

    kept = publish(site, "bucket")
    assert kept.exit_code == 0, kept.stderr
    assert "1 old file(s) kept on the target (--delete removes them)" in kept.stdout
    assert _keys(client, bucket) >= {PREFIX + "old/index.html"}

    dry = publish(site, "bucket", "--delete", "--dry-run")
    assert "remove  old/index.html" in dry.stdout
    assert PREFIX + "old/index.html" in _keys(client, bucket)

    deleted = publish(site, "bucket", "--delete")
    assert deleted.exit_code == 0, deleted.stderr
    assert "0 uploaded (0 B)" in deleted.stdout and "1 deleted" in deleted.stdout
    keys = _keys(client, bucket)
    assert PREFIX + "old/index.html" not in keys
    assert "elsewhere/keep.txt" in keys, "objects outside the prefix are never touched"


def test_dry_run_lists_and_uploads_nothing(site: Path, bucket: str, s3_endpoint: str) -> None:
    result = publish(site, "bucket", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "add     index.html" in result.stdout
    assert "would be uploaded" in result.stdout
    assert versions(s3_endpoint, bucket) == {}


def test_a_missing_bucket_says_to_create_it(example: Path, s3_endpoint: str, aws_env: None):
    add_config(
        example,
        f'[publish.targets.bucket]\nurl = "s3://no-such-bucket/"\nendpoint = "{s3_endpoint}"\n',
    )
    result = publish(example, "bucket")
    assert result.exit_code == 1
    assert "error: bucket 'no-such-bucket' does not exist" in result.stderr
    assert "hint: create it" in result.stderr


@pytest.fixture
def enforced_auth(s3_endpoint: str) -> Iterator[None]:
    """Make the moto server check credentials against its (empty) IAM."""
    _reset_auth(s3_endpoint, b"0")
    yield
    _reset_auth(s3_endpoint, b"inf")


def _reset_auth(endpoint: str, value: bytes) -> None:
    request = urllib.request.Request(
        f"{endpoint}/moto-api/reset-auth",
        data=value,
        method="POST",
        headers={"Content-Type": "text/plain"},
    )
    with urllib.request.urlopen(request, timeout=5) as answer:
        assert answer.status == 200


def test_refused_credentials_say_what_to_set(site: Path, enforced_auth: None) -> None:
    result = publish(site, "bucket")
    assert result.exit_code == 1
    assert "error: the storage service refused the credentials (InvalidAccessKeyId" in (
        result.stderr
    )
    assert "AWS_ACCESS_KEY_ID" in result.stderr


def test_missing_credentials_say_where_they_go(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    result = publish(site, "bucket")
    assert result.exit_code == 1
    assert "error: no S3 credentials found" in result.stderr
    assert "never put them in blogfolio.toml" in result.stderr


def test_network_down_fails_quickly(example: Path, aws_env: None) -> None:
    endpoint = f"http://127.0.0.1:{closed_port()}"
    add_config(
        example,
        f'[publish.targets.bucket]\nurl = "s3://folio/"\nendpoint = "{endpoint}"\n'
        "timeout = 1\nretries = 1\n",
    )
    started = time.monotonic()
    result = publish(example, "bucket")
    assert time.monotonic() - started < 15
    assert result.exit_code == 1
    assert f"error: cannot reach s3://folio/ at {endpoint}" in result.stderr
    assert "tried 2 time(s)" in result.stderr
    assert "hint: check your internet connection" in result.stderr


def _files(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def _keys(client: Any, bucket: str) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])}
