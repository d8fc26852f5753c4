"""S3-compatible object storage (AWS S3, MinIO, Cloudflare R2, Backblaze B2) via boto3.

Stage: publish. boto3 is the optional extra `blogfolio[s3]` and is imported
here only. Credentials come from the environment or the standard AWS files,
never from blogfolio.toml, and never from instance metadata (which can hang off
AWS). An object is uploaded only when its MD5 differs from the remote ETag (or
the `blogfolio-md5` metadata, for ETags that are not a plain MD5).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from blogfolio import __version__
from blogfolio.config.schema import PublishTarget
from blogfolio.errors import PublishError, SourceSpan
from blogfolio.install_source import detect_install
from blogfolio.publish.base import (
    Event,
    NetworkError,
    PublishOptions,
    Step,
    Summary,
    Target,
    compare,
    describe,
    file_md5,
    local_files,
)
from blogfolio.publish.headers import cache_control, content_type, find_fingerprinted

T = TypeVar("T")
WORKERS = 8
"""Uploads in flight at once."""
_MD5 = re.compile(r"^[0-9a-f]{32}$")
_AUTH_CODES = {
    "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "InvalidToken",
    "ExpiredToken", "Forbidden", "403", "InvalidClientTokenId", "UnrecognizedClientException",
}  # fmt: skip
_MISSING_CODES = {"NoSuchBucket", "404", "NotFound"}
_CREDENTIALS_HINT = (
    "export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE with "
    "~/.aws/credentials) in the shell that runs blogfolio; never put them in blogfolio.toml"
)


@dataclass(frozen=True, slots=True)
class _Remote:
    """One object already in the bucket."""

    key: str
    etag: str


def preflight(target: Target, base_url: str, span: SourceSpan) -> None:
    """Check that boto3 is installed before building."""
    _boto()


def split_url(url: str) -> tuple[str, str]:
    """Bucket and key prefix (empty, or ending in `/`) of an `s3://bucket/prefix` URL."""
    parts = urlsplit(url)
    prefix = parts.path.strip("/")
    return parts.netloc, f"{prefix}/" if prefix else ""


def publish(site_dir: Path, target: Target, options: PublishOptions) -> Iterator[Event]:
    """Upload new and changed files; delete objects the site no longer has with --delete."""
    settings = target.settings
    bucket, prefix = split_url(target.url)
    where = f"s3://{bucket}/{prefix}" + (f" at {settings.endpoint}" if settings.endpoint else "")
    client = _client(settings)
    call = _Caller(settings, bucket, where)
    yield Step(f"Listing s3://{bucket}/{prefix}")
    remote = call(lambda: _list(client, bucket, prefix))
    files = local_files(site_dir)
    digests = {rel: file_md5(path) for rel, path in files.items()}
    changes = compare(files, remote, lambda rel: _same(client, call, remote[rel], digests[rel]))
    size = sum(files[rel].stat().st_size for rel in changes.to_send)
    deleted = len(changes.removed) if options.delete else 0
    summary = Summary(
        where, len(changes.to_send), len(changes.unchanged), deleted,
        len(changes.removed) - deleted, size, options.dry_run,
    )  # fmt: skip
    if options.dry_run:
        yield from describe(changes, options.delete)
        yield summary
        return
    fingerprinted = find_fingerprinted(files)
    total = len(changes.to_send)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        futures: dict[Future[None], str] = {}
        for rel in changes.to_send:
            headers = {
                "ContentType": content_type(rel),
                "CacheControl": cache_control(rel, fingerprinted),
            }
            upload = _uploader(client, bucket, prefix + rel, files[rel], digests[rel], headers)
            futures[pool.submit(call, upload)] = rel
        try:
            for done, future in enumerate(as_completed(futures), start=1):
                future.result()
                yield Step(f"uploaded {futures[future]}", done, total)
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    if options.delete and changes.removed:
        keys = [remote[rel].key for rel in changes.removed]
        for start in range(0, len(keys), 1000):
            batch = keys[start : start + 1000]
            call(_deleter(client, bucket, batch))
            yield Step(f"deleted {start + len(batch)} of {len(keys)} old objects")
    yield summary


def _boto() -> tuple[Any, Any, Any]:
    try:
        import boto3
        import botocore.config
        import botocore.session
    except ImportError:
        command = detect_install().install_command(("s3",))
        raise PublishError(
            "publishing to S3 needs boto3, which is not installed",
            hint=f"add the s3 extra to this blogfolio: {command}",
        ) from None
    return boto3, botocore.config, botocore.session


def _client(settings: PublishTarget) -> Any:
    boto3, config_module, session_module = _boto()
    core = session_module.get_session()
    resolver = core.get_component("credential_provider")
    for name in ("container-role", "iam-role"):
        resolver.remove(name)
    config = config_module.Config(
        connect_timeout=settings.timeout,
        read_timeout=settings.timeout,
        retries={"total_max_attempts": settings.retries + 1, "mode": "standard"},
        s3={"addressing_style": "path"} if settings.endpoint else {},
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        user_agent_extra=f"blogfolio/{__version__}",
    )
    session = boto3.session.Session(botocore_session=core)
    return session.client(
        "s3",
        endpoint_url=settings.endpoint or None,
        region_name=settings.region or None,
        config=config,
    )


def _list(client: Any, bucket: str, prefix: str) -> dict[str, _Remote]:
    found: dict[str, _Remote] = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            rel = item["Key"][len(prefix) :]
            if rel and not rel.endswith("/"):
                found[rel] = _Remote(item["Key"], item.get("ETag", "").strip('"').lower())
    return found


def _same(client: Any, call: _Caller, remote: _Remote, digest: str) -> bool:
    if _MD5.match(remote.etag):
        return remote.etag == digest
    head = call(lambda: client.head_object(Bucket=call.bucket, Key=remote.key))
    return bool(head.get("Metadata", {}).get("blogfolio-md5") == digest)


def _uploader(
    client: Any, bucket: str, key: str, path: Path, digest: str, headers: dict[str, str]
) -> Callable[[], None]:
    def upload() -> None:
        client.put_object(
            Bucket=bucket,
            Key=key,
            Body=path.read_bytes(),
            ContentMD5=base64.b64encode(bytes.fromhex(digest)).decode(),
            Metadata={"blogfolio-md5": digest},
            **headers,
        )

    return upload


def _deleter(client: Any, bucket: str, keys: list[str]) -> Callable[[], None]:
    def delete() -> None:
        objects = [{"Key": key} for key in keys]
        answer = client.delete_objects(Bucket=bucket, Delete={"Objects": objects, "Quiet": True})
        errors = answer.get("Errors", [])
        if errors:
            first = errors[0]
            raise PublishError(
                f"could not delete {len(errors)} object(s), e.g. {first.get('Key')}: "
                f"{first.get('Code')} {first.get('Message', '')}".strip(),
                hint="check that your key may delete objects in this bucket",
            )

    return delete


class _Caller:
    """Runs one boto3 call and turns its failures into errors that say what to do."""

    def __init__(self, settings: PublishTarget, bucket: str, where: str) -> None:
        self.settings = settings
        self.bucket = bucket
        self.where = where

    def __call__(self, action: Callable[[], T]) -> T:
        from botocore import exceptions

        try:
            return action()
        except (exceptions.NoCredentialsError, exceptions.PartialCredentialsError):
            raise PublishError("no S3 credentials found", hint=_CREDENTIALS_HINT) from None
        except exceptions.ClientError as exc:
            raise self._client_error(exc) from None
        except (
            exceptions.EndpointConnectionError,
            exceptions.ConnectTimeoutError,
            exceptions.ReadTimeoutError,
            exceptions.ConnectionClosedError,
        ) as exc:
            tries = self.settings.retries + 1
            raise NetworkError(
                f"cannot reach {self.where} ({exc}); tried {tries} time(s)",
                hint="check your internet connection"
                + (f" and endpoint = {self.settings.endpoint!r}" if self.settings.endpoint else "")
                + "; a slow link may need a larger timeout in the target's table",
            ) from None

    def _client_error(self, exc: Any) -> PublishError:
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        detail = f"{code}: {error.get('Message') or exc}" if code else str(exc)
        if code in _MISSING_CODES and exc.operation_name == "ListObjectsV2":
            return PublishError(
                f"bucket '{self.bucket}' does not exist at {self.where}",
                hint="create it (aws s3 mb s3://BUCKET, or in your provider's console), "
                "or fix the bucket name in the target's url",
            )
        if code in _AUTH_CODES or status in (401, 403):
            return PublishError(
                f"the storage service refused the credentials ({detail})",
                hint=f"check the key and secret, and that the key may write to bucket "
                f"'{self.bucket}': {_CREDENTIALS_HINT}",
            )
        if code in ("PermanentRedirect", "AuthorizationHeaderMalformed", "301"):
            return PublishError(
                f"bucket '{self.bucket}' lives in another region ({detail})",
                hint="set region = \"…\" in the target's table to the bucket's region",
            )
        return PublishError(f"{exc.operation_name} failed at {self.where}: {detail}")
