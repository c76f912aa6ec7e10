//! Downloads of `file` field values: signed URLs on Persona's file origin.
//!
//! A file URL carries an `access_token`: it is a bearer secret. It is accepted only
//! under the configured origin (default [`DEFAULT_FILE_ORIGIN`]), fetched without
//! the API key, never logged and never repeated in an error.

use txstatus_core::provider::Service;
use txstatus_core::{Download, Error, FileKind, FileRef, Response, Result};

use crate::{PROVIDER, model::FileValue};

/// Where Persona serves files.
pub const DEFAULT_FILE_ORIGIN: &str = "https://files.withpersona.com";

impl FileRef for FileValue {
    fn file_location(&self) -> Option<&str> {
        self.url.as_ref().map(|url| url.expose().as_str())
    }
}

/// The unauthenticated endpoint for files, sharing the client's connection pool.
#[derive(Clone, Debug)]
pub(crate) struct FileEndpoint {
    pub(crate) service: Service,
    pub(crate) limit: usize,
}

impl FileEndpoint {
    /// Fetches `file` (refused before any I/O unless it is under the file origin);
    /// a page, JSON or text in its place is a decode error keeping the body.
    pub(crate) async fn download<F: FileRef + ?Sized>(
        &self,
        file: &F,
        limit: usize,
    ) -> Result<Response<Download>> {
        let url = file
            .file_location()
            .ok_or_else(|| Error::invalid_input(PROVIDER, "the file value has no URL"))?;
        let spec = crate::requests::download(self.service.base_url(), url, limit)?;
        Download::from_file_answer(self.service.execute(spec).await?, FileKind::Any)
    }
}
