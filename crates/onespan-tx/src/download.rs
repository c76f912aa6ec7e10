//! Files: verification images and evidence PDFs, read under a size cap
//! (the file type is the core's [`txstatus_core::Download`]).
//!
//! Every file comes from the tenant's own base URL with the client's bearer token.
//! A verification image is named by an `sfs://` reference that OneSpan hands out;
//! it is never fetched as a URL: its path is resolved under the tenant base URL
//! (`requests::sfs_request`), so the token cannot be sent to a host the response chose.

/// The scheme of verification image references.
pub const SFS_SCHEME: &str = "sfs://";
