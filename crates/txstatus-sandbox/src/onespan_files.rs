//! OneSpan's verification outcome and evidence: the verification results, the detailed
//! report, verification image references and images, and document / audit-trail PDFs.
//! Images and PDFs are small files generated here, naming the transaction.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};

use super::{Media, OneSpan, check_for, current_status, error};
use crate::fixtures;
use crate::respond;

const VERIFICATION: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/sandbox/onespan/verification.json"
));
const REPORT: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../fixtures/sandbox/onespan/report.json"
));

/// The `vhub_verification_id` of the transaction fixture: the only verification with
/// images.
pub(crate) const VERIFICATION_ID: &str = "00000000-0000-4000-8000-000000000010";
/// The document id of the transaction fixture.
pub(crate) const DOCUMENT_ID: &str = "00000000-0000-4000-8000-000000000011";
/// OneSpan's id for the audit trail.
pub(crate) const AUDIT_TRAIL: &str = "AuditTrailDocument";
/// The images every succeeded verification has.
const IMAGES: [&str; 3] = [
    "image_submitted_document_front",
    "image_submitted_document_back",
    "image_selfie",
];

pub(super) fn routes() -> Router<Arc<OneSpan>> {
    Router::new()
        .route("/api/transaction/{id}/verification", get(verification))
        .route(
            "/api/transactions/{id}/detailed-verification-report",
            get(report),
        )
        .route(
            "/api/transactions/{id}/verifications/{verification}/verification-images",
            get(images),
        )
        .route("/api/sfs/{*path}", get(image))
        .route("/api/transaction/{id}/document/{document}/pdf", get(pdf))
}

fn succeeded(status: &str) -> bool {
    matches!(status, "completed" | "autosigned" | "vaulted")
}

fn pending(status: &str) -> bool {
    matches!(
        status,
        "new" | "workflow_in_progress" | "workflow_completed" | "post_processing"
    )
}

/// Checks credentials and `Accept`, then returns the transaction's status.
fn status_of(
    state: &OneSpan,
    headers: &HeaderMap,
    media: Media,
    id: &str,
) -> Result<String, Box<Response>> {
    check_for(&state.shared, headers, media)?;
    current_status(state, id)
}

async fn verification(
    State(state): State<Arc<OneSpan>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let status = match status_of(&state, &headers, Media::Json, &id) {
        Ok(status) => status,
        Err(response) => return *response,
    };
    let Some(mut body) = fixtures::parse(VERIFICATION, None) else {
        return respond::internal_error();
    };
    if !succeeded(&status) {
        fixtures::set(&mut body, "/verificationResults", json!([]));
    }
    respond::json_value(StatusCode::OK, &body)
}

async fn report(
    State(state): State<Arc<OneSpan>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let status = match status_of(&state, &headers, Media::Json, &id) {
        Ok(status) => status,
        Err(response) => return *response,
    };
    let Some(mut body) = fixtures::parse(REPORT, None) else {
        return respond::internal_error();
    };
    fixtures::set(&mut body, "/id", id.as_str());
    if pending(&status) {
        fixtures::set(&mut body, "/result", "Undefined");
        fixtures::set(&mut body, "/status", "InProgress");
        if let Some(stages) = body.get_mut("stages").and_then(Value::as_array_mut) {
            stages.truncate(1);
        }
    } else if !succeeded(&status) {
        fixtures::set(&mut body, "/result", "Failed");
        if let Some(last) = body
            .get_mut("stages")
            .and_then(Value::as_array_mut)
            .and_then(|stages| stages.last_mut())
        {
            fixtures::set(last, "/result", "Failed");
        }
    }
    respond::json_value(StatusCode::OK, &body)
}

fn sfs_reference(transaction: &str, image: &str) -> String {
    format!("sfs://sandbox/default/onespanidv/transaction/{transaction}/{image}.jpg")
}

fn no_images() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "error.notFound.verificationImages",
        "No verification images for this transaction and verification",
    )
}

async fn images(
    State(state): State<Arc<OneSpan>>,
    Path((id, verification)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let status = match status_of(&state, &headers, Media::Json, &id) {
        Ok(status) => status,
        Err(response) => return *response,
    };
    if verification != VERIFICATION_ID || !succeeded(&status) {
        return no_images();
    }
    let references: serde_json::Map<String, Value> = IMAGES
        .iter()
        .map(|image| ((*image).to_owned(), Value::from(sfs_reference(&id, image))))
        .collect();
    respond::json_value(
        StatusCode::OK,
        &json!({
            "transaction_id": id,
            "verification_id": verification,
            "verified_images": [references],
        }),
    )
}

/// `sandbox/default/onespanidv/transaction/{id}/{image}.jpg` → `(id, image)`.
fn parse_image_path(path: &str) -> Option<(&str, &str)> {
    let rest = path.strip_prefix("sandbox/default/onespanidv/transaction/")?;
    let (id, file) = rest.split_once('/')?;
    let image = file.strip_suffix(".jpg")?;
    (IMAGES.contains(&image) && !id.is_empty()).then_some((id, image))
}

async fn image(
    State(state): State<Arc<OneSpan>>,
    Path(path): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(response) = check_for(&state.shared, &headers, Media::Jpeg) {
        return *response;
    }
    let Some((id, name)) = parse_image_path(&path) else {
        return no_images();
    };
    match current_status(&state, id) {
        Ok(status) if succeeded(&status) => {
            respond::bytes(StatusCode::OK, "image/jpeg", generated_jpeg(id, name))
        }
        Ok(_) => no_images(),
        Err(response) => *response,
    }
}

async fn pdf(
    State(state): State<Arc<OneSpan>>,
    Path((id, document)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Err(response) = status_of(&state, &headers, Media::Pdf, &id) {
        return *response;
    }
    if document != AUDIT_TRAIL && document != DOCUMENT_ID {
        return error(
            StatusCode::NOT_FOUND,
            "error.notFound.document",
            "Document not found",
        );
    }
    respond::bytes(
        StatusCode::OK,
        "application/pdf",
        generated_pdf(&id, &document),
    )
}

/// A tiny JPEG: start of image, one comment segment naming the file, end of image.
pub(crate) fn generated_jpeg(id: &str, image: &str) -> Bytes {
    let comment = format!("txstatus-sandbox {image} of {id}");
    let comment = comment.as_bytes();
    let length = u16::try_from(comment.len().saturating_add(2)).unwrap_or(u16::MAX);
    let mut out = vec![0xFF, 0xD8, 0xFF, 0xFE];
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(
        comment
            .get(..usize::from(length.saturating_sub(2)))
            .unwrap_or(comment),
    );
    out.extend_from_slice(&[0xFF, 0xD9]);
    Bytes::from(out)
}

/// A tiny one-page PDF naming the transaction and the document.
pub(crate) fn generated_pdf(id: &str, document: &str) -> Bytes {
    let title = if document == AUDIT_TRAIL {
        "Audit trail"
    } else {
        "Signed document"
    };
    let text = format!("{title} {document} of transaction {id} (txstatus-sandbox)");
    let text = text.replace(['(', ')', '\\'], " ");
    let stream = format!("BT /F1 10 Tf 20 100 Td ({text}) Tj ET");
    Bytes::from(format!(
        "%PDF-1.4\n\
         1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n\
         2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n\
         3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >> endobj\n\
         4 0 obj << /Length {} >> stream\n{stream}\nendstream endobj\n\
         5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n\
         trailer << /Root 1 0 R >>\n%%EOF\n",
        stream.len()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_files_have_their_magic_bytes() {
        let jpeg = generated_jpeg("abc", "image_selfie");
        assert!(jpeg.starts_with(&[0xFF, 0xD8]));
        assert!(jpeg.ends_with(&[0xFF, 0xD9]));
        let pdf = generated_pdf("abc", AUDIT_TRAIL);
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.ends_with(b"%%EOF\n"));
    }

    #[test]
    fn image_paths_name_a_transaction_and_a_known_image() {
        assert_eq!(
            parse_image_path("sandbox/default/onespanidv/transaction/t1/image_selfie.jpg"),
            Some(("t1", "image_selfie"))
        );
        assert_eq!(
            parse_image_path("sandbox/default/onespanidv/transaction/t1/other.jpg"),
            None
        );
        assert_eq!(parse_image_path("elsewhere/t1/image_selfie.jpg"), None);
    }
}
