//! Downloads of `file` field values: signed URLs on Persona's file origin.
//!
//! A file URL carries an `access_token`: it is a bearer secret. It is accepted only
//! under the configured origin (default [`DEFAULT_FILE_ORIGIN`]), fetched without
//! the API key, never logged and never repeated in an error.

use std::{fmt, io};

use txstatus_core::{RawBody, Response, Result, Service, get_url_under};

use crate::{PROVIDER, model::FileValue};

/// Where Persona serves files.
pub const DEFAULT_FILE_ORIGIN: &str = "https://files.withpersona.com";

/// Largest file downloaded by default (25 MiB).
pub const DEFAULT_FILE_LIMIT: usize = 25 * 1024 * 1024;

/// A downloaded file. `Debug` shows its type and length, never its bytes.
#[derive(Clone)]
pub struct FileDownload {
    body: RawBody,
    content_type: Option<String>,
}

impl FileDownload {
    /// The file's bytes.
    pub fn bytes(&self) -> &[u8] {
        self.body.as_bytes()
    }

    /// `Content-Type` as served.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// Writes the file to `out`.
    pub fn write_to<W: io::Write + ?Sized>(&self, out: &mut W) -> io::Result<()> {
        out.write_all(self.body.as_bytes())
    }

    /// Writes the file to any tokio `AsyncWrite`.
    pub async fn write_to_async<W: tokio::io::AsyncWrite + Unpin + ?Sized>(
        &self,
        out: &mut W,
    ) -> io::Result<()> {
        use tokio::io::AsyncWriteExt;
        out.write_all(self.body.as_bytes()).await?;
        out.flush().await
    }
}

impl fmt::Debug for FileDownload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileDownload")
            .field("content_type", &self.content_type)
            .field("len", &self.body.len())
            .finish()
    }
}

/// The unauthenticated endpoint for files, sharing the client's connection pool.
#[derive(Clone, Debug)]
pub(crate) struct FileEndpoint {
    pub(crate) service: Service,
    pub(crate) limit: usize,
}

impl FileEndpoint {
    /// Fetches `url` (refused before any I/O unless it is under the file origin).
    pub(crate) async fn download(&self, url: &str, limit: usize) -> Result<Response<FileDownload>> {
        let spec = get_url_under(PROVIDER, "download_file", self.service.base_url(), url, &[])?
            .body_limit(limit);
        let raw = self.service.execute(spec).await?;
        let content_type = raw
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = raw.body().clone();
        Ok(raw.into_response(FileDownload { body, content_type }))
    }

    pub(crate) async fn download_value(&self, file: &FileValue) -> Result<Response<FileDownload>> {
        match &file.url {
            Some(url) => self.download(url.expose(), self.limit).await,
            None => Err(txstatus_core::Error::invalid_input(
                PROVIDER,
                "the file value has no URL",
            )),
        }
    }
}
