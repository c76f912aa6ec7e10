//! A downloaded file (an identity document image, a selfie, a PDF): one type for
//! every provider, so an application saves files the same way whatever their source.

use std::{fmt, io};

use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::{
    body::RawBody,
    pii::Pii,
    provider::header::CONTENT_TYPE,
    response::{RawResponse, Response},
};

/// Default cap on a downloaded file: 25 MiB. A body over the cap is an error, not a
/// truncated file.
pub const DEFAULT_DOWNLOAD_LIMIT: usize = 25 * 1024 * 1024;

/// Where a file is: what every client's `download` takes.
///
/// A URL or reference as text (`&str`, `String`, `Pii<String>`), or a provider's
/// file model (a Persona `file` value, an ID Scan `ScanFile`). The location is a
/// bearer secret or personal data: clients never log or repeat it.
pub trait FileRef {
    /// The URL or reference, or `None` when the model carries none.
    fn file_location(&self) -> Option<&str>;
}

impl FileRef for str {
    fn file_location(&self) -> Option<&str> {
        Some(self)
    }
}

impl FileRef for String {
    fn file_location(&self) -> Option<&str> {
        Some(self)
    }
}

impl FileRef for Pii<String> {
    fn file_location(&self) -> Option<&str> {
        Some(self.expose())
    }
}

impl<T: FileRef + ?Sized> FileRef for &T {
    fn file_location(&self) -> Option<&str> {
        (**self).file_location()
    }
}

impl<T: FileRef> FileRef for Option<T> {
    fn file_location(&self) -> Option<&str> {
        self.as_ref().and_then(FileRef::file_location)
    }
}

/// A downloaded file, read whole under the client's download cap.
///
/// Files are personal data: `Debug` shows only the content type and the length.
#[derive(Clone)]
pub struct Download {
    content_type: Option<String>,
    body: RawBody,
}

impl Download {
    /// A file from its `Content-Type` and bytes.
    pub fn new(content_type: Option<String>, body: RawBody) -> Self {
        Self { content_type, body }
    }

    /// The file a response carries, with the response's metadata (request id,
    /// attempts) kept beside it.
    pub fn from_raw(raw: RawResponse) -> Response<Self> {
        let content_type = raw
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let body = raw.body().clone();
        raw.into_response(Self::new(content_type, body))
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        self.body.as_bytes()
    }

    /// Size in bytes.
    pub fn len(&self) -> usize {
        self.body.len()
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.body.is_empty()
    }

    /// The `Content-Type` the server sent.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// Writes the whole file to a tokio `AsyncWrite` (a `tokio::fs::File`, a
    /// socket, a `Vec<u8>`) and flushes it. Async so that saving a large file
    /// never blocks a runtime thread.
    pub async fn write_to<W: AsyncWrite + Unpin + ?Sized>(&self, out: &mut W) -> io::Result<()> {
        out.write_all(self.body.as_bytes()).await?;
        out.flush().await
    }

    /// Takes the bytes.
    pub fn into_body(self) -> RawBody {
        self.body
    }
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("content_type", &self.content_type)
            .field("len", &self.body.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn debug_shows_only_size_and_type() {
        let download = Download::new(Some("image/jpeg".into()), RawBody::new(b"secret".to_vec()));
        let shown = format!("{download:?}");
        assert!(shown.contains("len: 6"), "{shown}");
        assert!(shown.contains("image/jpeg"), "{shown}");
        assert!(!shown.contains("secret"), "{shown}");
    }

    #[tokio::test]
    async fn write_to_streams_every_byte_into_an_async_writer() {
        let download = Download::new(None, RawBody::new(b"file bytes".to_vec()));
        let mut out = Vec::new();
        download.write_to(&mut out).await.unwrap();
        assert_eq!(out, b"file bytes");
    }

    #[test]
    fn from_raw_keeps_the_content_type_and_bytes() {
        let mut headers = crate::provider::header::HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            crate::provider::header::HeaderValue::from_static("application/pdf"),
        );
        let raw = RawResponse::new("test", 200, headers, RawBody::new(b"%PDF".to_vec()));
        let response = Download::from_raw(raw);
        assert_eq!(response.value().content_type(), Some("application/pdf"));
        assert_eq!(response.value().bytes(), b"%PDF");
        assert_eq!(response.status(), 200);
    }
}
