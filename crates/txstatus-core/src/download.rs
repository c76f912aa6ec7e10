//! A downloaded file (an identity document image, a selfie, a PDF): one type for
//! every provider, so an application saves files the same way whatever their source.

use std::{fmt, io};

use reqwest::header::{CONTENT_ENCODING, TRANSFER_ENCODING};
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::{
    Error, Result,
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

    /// The file a 2xx answer carries, checked to be a file of `kind`; otherwise a
    /// decode error that keeps the body. Refused: an HTML page (a login, an
    /// "expired link" or maintenance page), JSON (an error body sent with 200),
    /// text or XML (images excepted), by any media type a `Content-Type` line
    /// names (a second line or a comma-joined type included); for
    /// [`FileKind::Pdf`] any typed media type but a PDF or
    /// `application/octet-stream`, and bytes without a PDF header (`%PDF` in the
    /// first 1024 bytes); bytes that are an HTML page (however it opens: a
    /// comment or XML declaration first, `<head>`, `<body>`, UTF-16), a JSON
    /// object or array, or an XML `Error` document, whatever the type said (an
    /// error under the file's own type); no bytes at all; and bytes in a content
    /// coding other than `identity` (`Content-Encoding: gzip`, `br`) or a transfer
    /// coding other than `chunked`: the client decodes none and asks for none, so
    /// they are not the file. The message names the kind of answer
    /// only, never the header, the URL or the bytes. What every provider's
    /// download returns.
    pub fn from_file_answer(raw: RawResponse, kind: FileKind) -> Result<Response<Self>> {
        match not_a_file(&raw, kind) {
            Some(why) => Err(Error::decode(
                raw.provider,
                raw.status(),
                ".",
                format!("the download is not a file: {why}"),
                raw.body().clone(),
            )),
            None => Ok(Self::from_raw(raw)),
        }
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
            .field("content_type", &self.content_type.as_deref().map(MediaType))
            .field("len", &self.body.len())
            .finish()
    }
}

/// A `Content-Type` in `Debug`: its media type without parameters
/// ([`media_type`](crate::provider::shown_text::media_type)), or `[withheld]`.
struct MediaType<'a>(&'a str);

impl fmt::Debug for MediaType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match crate::provider::shown_text::media_type(self.0) {
            Some(essence) => fmt::Debug::fmt(essence, f),
            None => f.write_str("[withheld]"),
        }
    }
}

/// What a download must be ([`Download::from_file_answer`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileKind {
    /// Any file (an image, a PDF, a binary) but a page, text, JSON or XML.
    Any,
    /// A PDF (or untyped bytes: `application/octet-stream`, no `Content-Type`).
    Pdf,
}

/// Why the answer is not a file of `kind`, if it is not.
fn not_a_file(raw: &RawResponse, kind: FileKind) -> Option<&'static str> {
    if is_encoded(raw) {
        return Some(
            "the answer is compressed (Content-Encoding), which this client does not decode",
        );
    }
    if raw.body().is_empty() {
        // A `204` or an empty `200`: no image or document is zero bytes long.
        return Some("the answer is empty");
    }
    // Every media type the answer names, on every `Content-Type` line and in a
    // comma-joined one: a JSON error body is not a file because an image type
    // came first.
    for value in raw.headers().get_all(CONTENT_TYPE) {
        let text = String::from_utf8_lossy(value.as_bytes());
        for (index, member) in text.split(',').enumerate() {
            let essence = member.split(';').next().unwrap_or_default().trim();
            // A later member without a `/` is a parameter's quoted comma, not a type.
            if index > 0 && !essence.contains('/') {
                continue;
            }
            let media = essence.to_ascii_lowercase();
            if let Some(why) = refused_media(&media, kind) {
                return Some(why);
            }
        }
    }
    // What the bytes are, whatever the type said (a storage service or a
    // gateway refusing a link under the file's own `Content-Type`).
    let body = raw.body().as_bytes();
    if opens_html(body) {
        return Some("the answer is an HTML page");
    }
    if is_json_document(body) {
        return Some("the answer is JSON");
    }
    if is_xml_error(body) {
        return Some("the answer is an XML error document");
    }
    (kind == FileKind::Pdf && !has_pdf_header(body)).then_some("the answer is not a PDF")
}

/// Whether a PDF's header (`%PDF`) is within its first 1024 bytes, where
/// readers look for it: whatever the type said, bytes without it are no PDF.
fn has_pdf_header(body: &[u8]) -> bool {
    body.get(..1024)
        .unwrap_or(body)
        .windows(4)
        .any(|window| window == b"%PDF")
}

fn is_octet_stream(media: &str) -> bool {
    matches!(media, "application/octet-stream" | "binary/octet-stream")
}

/// The bytes after a byte-order mark and leading whitespace.
fn content_start(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(body)
        .trim_ascii_start()
}

/// Whether the bytes are a whole JSON object or array (an error object for an
/// expired link): no image, video or PDF is one. Read without keeping
/// anything; bytes that do not open with `{` or `[` are not tried.
fn is_json_document(body: &[u8]) -> bool {
    let start = content_start(body);
    matches!(start.first(), Some(b'{' | b'['))
        && serde_json::from_slice::<serde::de::IgnoredAny>(start).is_ok()
}

/// Whether the bytes are XML whose root element is `Error` (a storage
/// service's refusal: `<?xml ...?><Error><Code>AccessDenied</Code>...`), an XML
/// declaration allowed first. No image (an SVG's root is `svg`) opens so.
fn is_xml_error(body: &[u8]) -> bool {
    let start = content_start(body);
    let root = match start.strip_prefix(b"<?xml") {
        Some(rest) => rest
            .windows(2)
            .position(|pair| pair == b"?>")
            .and_then(|end| rest.get(end.saturating_add(2)..))
            .unwrap_or_default()
            .trim_ascii_start(),
        None => start,
    };
    root.get(..6)
        .is_some_and(|name| name.eq_ignore_ascii_case(b"<error"))
        && root
            .get(6)
            .is_some_and(|&next| next == b'>' || next == b'/' || next.is_ascii_whitespace())
}

/// Whether the body comes in a content coding (`gzip`, `br`, anything but
/// `identity`), or a transfer coding other than `chunked` (`Transfer-Encoding:
/// gzip, chunked`: HTTP undoes the chunks only): reqwest is built without
/// decompression, so the bytes are not the file the provider meant.
fn is_encoded(raw: &RawResponse) -> bool {
    let coded = |name, plain: &[&str]| {
        raw.headers().get_all(name).iter().any(|value| {
            String::from_utf8_lossy(value.as_bytes())
                .split(',')
                .map(|coding| coding.split(';').next().unwrap_or_default().trim())
                .any(|coding| {
                    !coding.is_empty() && !plain.iter().any(|p| coding.eq_ignore_ascii_case(p))
                })
        })
    };
    coded(CONTENT_ENCODING, &["identity"]) || coded(TRANSFER_ENCODING, &["identity", "chunked"])
}

/// Why a media type is not a file of `kind`, if it is not.
fn refused_media(media: &str, kind: FileKind) -> Option<&'static str> {
    if media.is_empty() {
        return None;
    }
    if media == "text/html" || media == "application/xhtml+xml" {
        return Some("the answer is an HTML page");
    }
    if media.ends_with("/json") || media.ends_with("+json") {
        return Some("the answer is JSON");
    }
    if media.starts_with("text/") {
        return Some("the answer is text");
    }
    if !media.starts_with("image/") && (media.ends_with("/xml") || media.ends_with("+xml")) {
        return Some("the answer is XML");
    }
    let pdf_or_bytes =
        matches!(media, "application/pdf" | "application/x-pdf") || is_octet_stream(media);
    (kind == FileKind::Pdf && !pdf_or_bytes).then_some("the answer is not a PDF")
}

/// Elements only an HTML page opens with (a browser reads a page from any of
/// them); no image, PDF or binary starts with one (an SVG's root is `svg`).
const HTML_OPENING_ELEMENTS: [&[u8]; 14] = [
    b"html", b"head", b"body", b"title", b"meta", b"script", b"style", b"link", b"div", b"p",
    b"h1", b"table", b"form", b"iframe",
];

/// How far into the bytes a page's opening is looked for (past an XML
/// declaration and comments).
const HTML_SNIFF_BYTES: usize = 4096;

/// Whether the bytes open an HTML document: `<!DOCTYPE html` (any spacing) or
/// an element only a page opens with (`<html`, `<head`, `<body`...), after any
/// byte order mark (UTF-8 or UTF-16), whitespace, XML declaration and comments.
pub(crate) fn opens_html(body: &[u8]) -> bool {
    let sniffed = ascii_start(body);
    let mut rest = sniffed.as_slice();
    loop {
        rest = rest.trim_ascii_start();
        let skipped = if rest.starts_with(b"<?") {
            after(rest, b"?>")
        } else if rest.starts_with(b"<!--") {
            after(rest, b"-->")
        } else {
            break;
        };
        match skipped {
            Some(next) => rest = next,
            None => return false,
        }
    }
    let Some(tag) = rest.strip_prefix(b"<") else {
        return false;
    };
    let name_end = tag
        .iter()
        .position(|&byte| !(byte.is_ascii_alphanumeric() || byte == b'!'))
        .unwrap_or(tag.len());
    let (name, after_name) = tag.split_at(name_end);
    let ends_name = after_name
        .first()
        .is_none_or(|&byte| byte == b'>' || byte == b'/' || byte.is_ascii_whitespace());
    if name.eq_ignore_ascii_case(b"!doctype") {
        return after_name
            .trim_ascii_start()
            .get(..4)
            .is_some_and(|word| word.eq_ignore_ascii_case(b"html"));
    }
    ends_name
        && HTML_OPENING_ELEMENTS
            .iter()
            .any(|element| name.eq_ignore_ascii_case(element))
}

/// The first [`HTML_SNIFF_BYTES`] of the body as ASCII-compatible bytes: a
/// UTF-8 byte order mark dropped; UTF-16 (by its byte order mark) read one unit
/// per byte, anything outside ASCII as `?`.
fn ascii_start(body: &[u8]) -> Vec<u8> {
    let units = |bytes: &[u8], big_endian: bool| -> Vec<u8> {
        bytes
            .chunks_exact(2)
            .take(HTML_SNIFF_BYTES)
            .map(|pair| {
                let unit = match pair {
                    [a, b] if big_endian => u16::from_be_bytes([*a, *b]),
                    [a, b] => u16::from_le_bytes([*a, *b]),
                    _ => 0,
                };
                u8::try_from(unit).ok().filter(u8::is_ascii).unwrap_or(b'?')
            })
            .collect()
    };
    if let Some(rest) = body.strip_prefix(b"\xff\xfe") {
        return units(rest, false);
    }
    if let Some(rest) = body.strip_prefix(b"\xfe\xff") {
        return units(rest, true);
    }
    let body = body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body);
    body.get(..HTML_SNIFF_BYTES).unwrap_or(body).to_vec()
}

/// The bytes after the first `end` in `bytes`, if there is one.
fn after<'a>(bytes: &'a [u8], end: &[u8]) -> Option<&'a [u8]> {
    bytes
        .windows(end.len())
        .position(|window| window == end)
        .and_then(|at| bytes.get(at.saturating_add(end.len())..))
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

    fn answer(content_type: Option<&str>, body: &[u8]) -> RawResponse {
        let mut headers = crate::provider::header::HeaderMap::new();
        if let Some(media) = content_type {
            headers.insert(
                CONTENT_TYPE,
                crate::provider::header::HeaderValue::from_str(media).unwrap(),
            );
        }
        RawResponse::new("test", 200, headers, RawBody::new(body.to_vec()))
    }

    #[test]
    fn a_page_json_text_xml_or_empty_answer_is_not_a_file_and_keeps_its_body() {
        for (media, body) in [
            (Some("text/html; charset=utf-8"), &b"<p>log in</p>"[..]),
            (Some("application/json"), b"{\"error\":\"expired\"}"),
            (Some("application/problem+json"), b"{}"),
            (Some("TEXT/PLAIN"), b"Access denied"),
            (Some("application/xml"), b"<Error/>"),
            (None, b"\xef\xbb\xbf \n<!DOCTYPE HTML><html>"),
            (Some("application/octet-stream"), b"<html><body>maintenance"),
            (None, b""),
            (Some("image/jpeg"), b""),
            (None, b" {\"error\":\"link expired\"}"),
            (Some("application/octet-stream"), b"[1,2]"),
            (Some("binary/octet-stream; q=1"), b"\xef\xbb\xbf{}"),
        ] {
            for kind in [FileKind::Any, FileKind::Pdf] {
                let error = Download::from_file_answer(answer(media, body), kind).unwrap_err();
                assert!(
                    matches!(error.kind(), crate::ErrorKind::Decode(_)),
                    "{media:?}"
                );
                assert_eq!(error.body().unwrap().as_bytes(), body);
                assert!(!error.to_string().contains("log in"));
            }
        }
    }

    #[test]
    fn files_of_the_kind_asked_are_taken() {
        for media in [
            Some("image/jpeg"),
            Some("image/svg+xml"),
            Some("application/octet-stream"),
            Some("application/pdf"),
            None,
        ] {
            let taken = Download::from_file_answer(answer(media, b"%PDF-1.7"), FileKind::Any);
            assert_eq!(taken.unwrap().value().bytes(), b"%PDF-1.7");
        }
        assert!(
            Download::from_file_answer(answer(Some("image/png"), b"x"), FileKind::Pdf).is_err()
        );
        assert!(
            Download::from_file_answer(answer(Some("application/pdf"), b"%PDF"), FileKind::Pdf)
                .is_ok()
        );
        assert!(Download::from_file_answer(answer(None, b"<"), FileKind::Any).is_ok());
        assert!(Download::from_file_answer(answer(None, b""), FileKind::Any).is_err());
    }

    #[test]
    fn an_error_document_under_a_files_own_type_is_not_a_file() {
        let xml_error =
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code></Error>";
        for media in [
            Some("image/png"),
            Some("image/jpeg"),
            Some("video/mp4"),
            Some("application/pdf"),
            Some("application/octet-stream"),
            Some("application/zip"),
            None,
        ] {
            for body in [
                &b"{\"a\":1}"[..],
                b"\xef\xbb\xbf\r\n [{\"error\":\"expired\"}]",
                xml_error,
                b"  <error code=\"403\"/>",
                b"<ERROR>",
            ] {
                for kind in [FileKind::Any, FileKind::Pdf] {
                    let error = Download::from_file_answer(answer(media, body), kind).unwrap_err();
                    assert!(
                        matches!(error.kind(), crate::ErrorKind::Decode(_)),
                        "{media:?} {body:?}"
                    );
                    assert_eq!(error.body().unwrap().as_bytes(), body);
                }
            }
        }
    }

    #[test]
    fn bytes_that_only_look_like_json_or_xml_errors_stay_a_file() {
        for (media, body) in [
            (None, &b"{ not json"[..]),
            (None, b"\xff\xd8\xff\xe0 jpeg"),
            (Some("image/png"), b"{\"a\":1} trailing"),
            (
                Some("image/svg+xml"),
                b"<?xml version=\"1.0\"?><svg><text>Error</text></svg>",
            ),
            (None, b"<Errors-of-mine>"),
            (None, b"<?xml unterminated <Error>"),
            (None, b"42"),
            (None, b"<!-- a comment that never ends <html>"),
            (None, b"<!DOCTYPE svg><svg/>"),
            (None, b"<htmlish>"),
        ] {
            assert!(
                Download::from_file_answer(answer(media, body), FileKind::Any).is_ok(),
                "{media:?} {body:?}"
            );
        }
    }

    /// Pages that open with a comment, an XML declaration, an element other
    /// than `html`, a doctype spaced otherwise, or in UTF-16: pages all the
    /// same, under any type a file could have.
    #[test]
    fn a_page_however_it_opens_is_not_a_file() {
        let utf16 = |text: &str, big_endian: bool| -> Vec<u8> {
            let mut out = if big_endian {
                vec![0xfe, 0xff]
            } else {
                vec![0xff, 0xfe]
            };
            for unit in text.encode_utf16() {
                out.extend(if big_endian {
                    unit.to_be_bytes()
                } else {
                    unit.to_le_bytes()
                });
            }
            out
        };
        let pages: Vec<Vec<u8>> = vec![
            b"<!-- maintenance -->\n<!DOCTYPE html><html><body>Log in</body></html>".to_vec(),
            b"<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0\"><html xmlns=\"http://www.w3.org/1999/xhtml\">".to_vec(),
            b"<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">".to_vec(),
            b"<head><title>Expired</title></head>".to_vec(),
            b"\r\n<BODY onload=x>".to_vec(),
            b"<!DOCTYPE\thtml>".to_vec(),
            b"<!doctype   HTML>".to_vec(),
            b"<title>Sign in</title>".to_vec(),
            b"<script>location='/login'</script>".to_vec(),
            b"<!----><!-- two --> <meta http-equiv=refresh>".to_vec(),
            utf16("<!DOCTYPE html><html>", false),
            utf16("<html><body>x</body></html>", true),
        ];
        for media in [
            None,
            Some("application/octet-stream"),
            Some("image/png"),
            Some("application/pdf"),
        ] {
            for page in &pages {
                for kind in [FileKind::Any, FileKind::Pdf] {
                    let error = Download::from_file_answer(answer(media, page), kind)
                        .expect_err(&format!("{media:?} {page:?}"));
                    // (An image type is refused for a PDF before the bytes are read.)
                    if kind == FileKind::Any || media != Some("image/png") {
                        assert!(error.to_string().contains("HTML page"), "{error}");
                    }
                    assert_eq!(error.body().unwrap().as_bytes(), page.as_slice());
                }
            }
        }
    }

    #[test]
    fn bytes_without_a_pdf_header_are_not_the_pdf_whatever_the_type() {
        for media in [
            None,
            Some("application/pdf"),
            Some("application/octet-stream"),
        ] {
            let error =
                Download::from_file_answer(answer(media, b"\x89PNG\r\n\x1a\n"), FileKind::Pdf)
                    .unwrap_err();
            assert!(error.to_string().contains("not a PDF"), "{error}");
            // The header may follow some leading bytes, as readers allow.
            let mut late = vec![b' '; 600];
            late.extend_from_slice(b"%PDF-1.7");
            assert!(Download::from_file_answer(answer(media, &late), FileKind::Pdf).is_ok());
            // Any file may be a PNG.
            assert!(
                Download::from_file_answer(answer(media, b"\x89PNG\r\n"), FileKind::Any).is_ok()
            );
        }
    }

    #[test]
    fn bytes_in_a_transfer_coding_other_than_chunked_are_not_the_file() {
        for coding in ["gzip, chunked", "deflate", "br;q=1, chunked"] {
            let mut raw = answer(Some("application/pdf"), b"%PDF-1.7 gzipped?");
            let mut headers = raw.headers().clone();
            headers.insert(
                TRANSFER_ENCODING,
                crate::provider::header::HeaderValue::from_str(coding).unwrap(),
            );
            raw = RawResponse::new("test", 200, headers, raw.body().clone());
            let error = Download::from_file_answer(raw, FileKind::Pdf).unwrap_err();
            assert!(
                error.to_string().contains("compressed"),
                "{coding}: {error}"
            );
        }
        for coding in ["chunked", "identity, chunked", "Chunked"] {
            let mut headers = crate::provider::header::HeaderMap::new();
            headers.insert(
                TRANSFER_ENCODING,
                crate::provider::header::HeaderValue::from_str(coding).unwrap(),
            );
            let raw = RawResponse::new("test", 200, headers, RawBody::new(b"%PDF-1.7".to_vec()));
            assert!(
                Download::from_file_answer(raw, FileKind::Pdf).is_ok(),
                "{coding}"
            );
        }
    }
}
