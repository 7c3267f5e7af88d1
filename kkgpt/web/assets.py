"""Front-end assets loaded from a CDN, pinned to exact versions with Subresource Integrity hashes."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_CDN = "https://cdn.jsdelivr.net/npm"


@dataclass(frozen=True)
class CdnAsset:
    """One file of an npm package as a CDN serves it."""

    package: str
    version: str
    path: str
    integrity: str

    def url(self, base: str | None = None) -> str:
        """The file's URL on the CDN, or on a self-hosted mirror with the same layout."""
        return f"{(base or DEFAULT_CDN).rstrip('/')}/{self.package}@{self.version}/{self.path}"


# The hash is of the exact bytes npm ships; tests check it against the pinned copy in node_modules.
HTMX = CdnAsset(
    package="htmx.org",
    version="2.0.11",
    path="dist/htmx.min.js",
    integrity="sha384-2OatzQy1H+Zd/IIrjr1TcuDGqLXeHhbooAyJY1KdQMKnr4LZ22k31GBLdYKHmVjg",
)

# Swagger UI for the API page (/api/docs), pinned the same way.
SWAGGER_UI_JS = CdnAsset(
    package="swagger-ui-dist",
    version="5.35.0",
    path="swagger-ui-bundle.js",
    integrity="sha384-gjRm0bEPMeTmMh5jT2cHccIwCUZSTd8YC+j0d0sXw0MdGEfScduGpSyF3ZSSLkX9",
)
SWAGGER_UI_CSS = CdnAsset(
    package="swagger-ui-dist",
    version="5.35.0",
    path="swagger-ui.css",
    integrity="sha384-WlYgdmXYOOBWL5apwjDEZwN+U3HmXSSu5R6V5aGxEcf7z+KuRNwBhoxKVN1i3D5I",
)

CDN_ASSETS: tuple[CdnAsset, ...] = (HTMX, SWAGGER_UI_JS, SWAGGER_UI_CSS)
