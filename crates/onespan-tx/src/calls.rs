//! The client's calls beyond the transaction status: outcome, images, evidence,
//! create, events, erasure.

use std::sync::Arc;

use txstatus_core::{
    Download, Error, FileKind, FileRef, Response, Result,
    provider::{is_usable_id, written},
};

use crate::{
    Client, PROVIDER,
    create::{NewTransaction, TransactionEvent},
    erasure::{
        self, ErasureAction, ErasureReport, MAX_ERASURE_BATCH,
        batch::{plan, record_answer, record_failure},
    },
    model::{
        DetailedVerificationReport, ErasureResponse, Transaction, TransactionVerification,
        VerificationImages,
    },
    requests::{self, AUDIT_TRAIL_DOCUMENT, sfs_request},
};

impl Client {
    /// `GET {base}/api/transaction/{id}/verification`: the verification results.
    /// A 2xx that is an error body (`{"status": 503, "error": ...}`) is a decode
    /// error keeping it, not a verification without results.
    pub async fn verification(&self, id: &str) -> Result<Response<TransactionVerification>> {
        let spec = requests::verification(id, self.tenant_header());
        self.service()
            .execute(spec)
            .await?
            .decode_json_unless_error_body()
    }

    /// `GET {base}/api/transactions/{id}/detailed-verification-report`: the
    /// overall result and one result per stage (`Passed`/`Failed`/`Undefined`).
    /// The answer's `id` is taken as sent, not compared with `id`: the docs do
    /// not say what it names ([`DetailedVerificationReport::id`]). A 2xx that is
    /// an error body (`{"status": 503, "error": ...}`) is a decode error keeping
    /// it, not a report without a result.
    pub async fn detailed_verification_report(
        &self,
        id: &str,
    ) -> Result<Response<DetailedVerificationReport>> {
        let spec = requests::detailed_report(id, self.tenant_header());
        self.service()
            .execute(spec)
            .await?
            .decode_json_unless_error_body()
    }

    /// `GET {base}/api/transactions/{t}/verifications/{v}/verification-images`:
    /// the `sfs://` references of a passed verification's images
    /// (`verification_id` is the transaction's `vhub_verification_id`). An answer
    /// whose `transaction_id` or `verification_id` names another one than asked
    /// is a decode error at that member that keeps the body (ids compared
    /// ignoring ASCII case; an absent one is taken as it is).
    pub async fn verification_images(
        &self,
        transaction_id: &str,
        verification_id: &str,
    ) -> Result<Response<VerificationImages>> {
        let spec =
            requests::verification_images(transaction_id, verification_id, self.tenant_header());
        let response = self.service().execute(spec).await?.decode_json()?;
        let response = txstatus_core::provider::about_asked(
            crate::PROVIDER,
            crate::ID_CASE,
            response,
            transaction_id,
            ("transaction_id", "transaction"),
            |images: &VerificationImages| images.transaction_id.as_deref(),
        )?;
        txstatus_core::provider::about_asked(
            crate::PROVIDER,
            crate::ID_CASE,
            response,
            verification_id,
            ("verification_id", "verification"),
            |images: &VerificationImages| images.verification_id.as_deref(),
        )
    }

    /// Downloads one verification image from its `sfs://` reference (a value of
    /// [`VerificationImages::references`], or the reference as text), resolved
    /// under the tenant base URL only (`requests::sfs_request`), into memory under
    /// the client's download limit. A body over the limit is a `BodyTooLarge`
    /// error; an answer that is not a file (an HTML page, JSON, text or XML, by
    /// `Content-Type` or, without one, an HTML document) is a decode error that
    /// keeps the body; nothing of the image is logged.
    pub async fn download<F: FileRef + ?Sized>(&self, file: &F) -> Result<Response<Download>> {
        self.download_with_limit(file, self.download_limit()).await
    }

    /// [`Client::download`] with its own cap in bytes.
    pub async fn download_with_limit<F: FileRef + ?Sized>(
        &self,
        file: &F,
        limit: usize,
    ) -> Result<Response<Download>> {
        let reference = file
            .file_location()
            .ok_or_else(|| Error::invalid_input(PROVIDER, "the image has no reference"))?;
        let spec = requests::with_tenant(sfs_request(reference, limit)?, self.tenant_header());
        Download::from_file_answer(self.service().execute(spec).await?, FileKind::Any)
    }

    /// `GET {base}/api/transaction/{id}/document/{document_id}/pdf`: a signed
    /// document's PDF, under the download limit. An answer typed as anything but
    /// a PDF (or `application/octet-stream`), or an HTML document, is a decode
    /// error that keeps the body.
    pub async fn document_pdf(&self, id: &str, document_id: &str) -> Result<Response<Download>> {
        self.pdf(id, document_id).await
    }

    /// `GET {base}/api/transaction/{id}/document/AuditTrailDocument/pdf`: the
    /// audit-trail (evidence) PDF, under the download limit.
    pub async fn audit_trail_pdf(&self, id: &str) -> Result<Response<Download>> {
        self.pdf(id, AUDIT_TRAIL_DOCUMENT).await
    }

    async fn pdf(&self, id: &str, document: &str) -> Result<Response<Download>> {
        let spec =
            requests::document_pdf(id, document, self.download_limit(), self.tenant_header());
        Download::from_file_answer(self.service().execute(spec).await?, FileKind::Pdf)
    }

    /// `PUT {base}/api/transaction/`: creates and starts a transaction. Never
    /// resent once it may have reached OneSpan: on an error with
    /// [`may_have_been_sent`](txstatus_core::Error::may_have_been_sent), find out
    /// whether the transaction exists before creating it again (see the crate
    /// docs). A 2xx answer without a usable transaction `id` (empty, error-shaped
    /// or not the transaction), or naming another `workflow_id` or `tenant_id`
    /// than the body sent, is a decode error that keeps the body and says the
    /// write may have been carried out
    /// ([`write_was_accepted`](txstatus_core::Error::write_was_accepted)), never a
    /// success.
    pub async fn create_transaction(&self, body: NewTransaction) -> Result<Response<Transaction>> {
        let sent_workflow = body.sent_text("workflow_id");
        let sent_tenant = body.sent_text("tenant_id");
        let spec = requests::create(body, self.tenant_header());
        let response = self
            .service()
            .execute(spec)
            .await?
            .decode_json::<Transaction>()?;
        let named = response.value().id.as_deref().is_some_and(is_usable_id);
        let response = written(PROVIDER, response, named, "id", "usable transaction id")?;
        // An answer naming another workflow or tenant than the one sent is about
        // another transaction (a proxy answering for another request); one
        // naming none is taken. UUIDs: compared ignoring ASCII case.
        let value = response.value();
        let other = [
            ("workflow_id", sent_workflow, value.workflow_id.as_deref()),
            ("tenant_id", sent_tenant, value.tenant_id.as_deref()),
        ]
        .into_iter()
        .find_map(|(name, sent, answered)| {
            let answered = answered.map(str::trim).filter(|text| !text.is_empty())?;
            (!sent?.eq_ignore_ascii_case(answered)).then_some(name)
        });
        match other {
            Some(name) => written(
                PROVIDER,
                response,
                false,
                name,
                "value of it sent (it names another)",
            ),
            None => Ok(response),
        }
    }

    /// `PUT {base}/api/transaction/{id}/event` with `{"event": "<name>"}` (for
    /// example [`TransactionEvent::Cancel`]). Never resent once it may have
    /// reached OneSpan. The answer's body, if any, is in the response's raw body;
    /// a 2xx that is an HTML page (a login page from a proxy in between) or an
    /// error body (`{"status": 404, "error": ...}`, OAuth's `{"error": ...}`) is
    /// a decode error keeping it, marked as an accepted write.
    pub async fn send_event(&self, id: &str, event: &TransactionEvent) -> Result<Response<()>> {
        let spec = requests::event(id, event, self.tenant_header());
        self.service().execute(spec).await?.into_empty_answer()
    }

    /// Cancels a transaction: [`Client::send_event`] with [`TransactionEvent::Cancel`].
    pub async fn cancel_transaction(&self, id: &str) -> Result<Response<()>> {
        self.send_event(id, &TransactionEvent::Cancel).await
    }

    /// `POST {base}/api/transaction/mark-for-erasure` for 1 to 500 ids (refused
    /// before any I/O otherwise). The grace period is required; a period of 0
    /// erases for good.
    pub async fn mark_for_erasure<S: AsRef<str>>(
        &self,
        ids: &[S],
        grace_period: erasure::GracePeriod,
    ) -> Result<Response<ErasureResponse>> {
        self.erasure_call(ErasureAction::Mark(grace_period), ids)
            .await
    }

    /// `POST {base}/api/transaction/unmark-for-erasure` for 1 to 500 ids.
    pub async fn unmark_for_erasure<S: AsRef<str>>(
        &self,
        ids: &[S],
    ) -> Result<Response<ErasureResponse>> {
        self.erasure_call(ErasureAction::Unmark, ids).await
    }

    /// One mark or unmark call for 1 to 500 ids. A 2xx answer whose
    /// `transactions` name none of the ids sent (absent, `null`, empty, or only
    /// other ids: an error object under a 200, an answer about another request),
    /// or that also names an id not sent (even beside every id sent, accepted),
    /// is a decode error at `transactions` that keeps the body and says the write
    /// may have been carried out
    /// ([`write_was_accepted`](txstatus_core::Error::write_was_accepted)), never a
    /// success; ids are compared ignoring ASCII case.
    pub async fn erasure_call<S: AsRef<str>>(
        &self,
        action: ErasureAction,
        ids: &[S],
    ) -> Result<Response<ErasureResponse>> {
        erasure::check_batch(ids)?;
        let spec = requests::erasure(action, ids, self.tenant_header());
        let response = self
            .service()
            .execute(spec)
            .await?
            .decode_json::<ErasureResponse>()?;
        let sent = |named: &str| ids.iter().any(|id| named.eq_ignore_ascii_case(id.as_ref()));
        let named_ids = || {
            response
                .value()
                .transactions
                .iter()
                .flatten()
                .filter_map(|entry| entry.transaction_id.as_deref())
                .filter(|named| !named.trim().is_empty())
        };
        // An error body under a 2xx (`{"status": 500, "error": ...}` beside entries)
        // says the erasure was not done, whatever the entries say.
        if txstatus_core::provider::reads_as_error(response.raw().as_bytes()) {
            return Err(txstatus_core::Error::decode(
                PROVIDER,
                response.status(),
                ".",
                "the answer to the write is an error body under a success status".to_owned(),
                response.raw().clone(),
            )
            .after_accepted_write());
        }
        // An entry naming an id that was not sent: the answer is not (only) about
        // this call, so none of its entries is taken (neither id is shown).
        if named_ids().any(|named| !sent(named)) {
            return Err(txstatus_core::Error::decode(
                PROVIDER,
                response.status(),
                "transactions",
                "the answer to the write names a transaction id that was not sent".to_owned(),
                response.raw().clone(),
            )
            .after_accepted_write());
        }
        let named = named_ids().any(sent);
        written(
            PROVIDER,
            response,
            named,
            "transactions",
            "entry naming an id sent",
        )
    }

    /// Marks or unmarks any number of ids, 500 per call, in the order given
    /// (duplicates sent once, invalid ids not sent), and reports per id what
    /// happened. It stops at the first failed call: that call's ids are `Failed`
    /// (with the error, which says whether it may have been sent) and later ids
    /// `NotAttempted`, so [`ErasureReport::unfinished_ids`] is what to resume with.
    pub async fn erase_all<I, S>(&self, ids: I, action: ErasureAction) -> ErasureReport
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut plan = plan(ids);
        for batch in plan.to_send.chunks(MAX_ERASURE_BATCH) {
            let batch_ids: Vec<String> = batch
                .iter()
                .filter_map(|&i| plan.report.outcomes.get(i).map(|o| o.id.clone()))
                .collect();
            plan.report.calls = plan.report.calls.saturating_add(1);
            match self.erasure_call(action, &batch_ids).await {
                Ok(response) => record_answer(&mut plan.report, batch, action, response.value()),
                Err(error) => {
                    record_failure(&mut plan.report, batch, &Arc::new(error));
                    break;
                }
            }
        }
        plan.report
    }
}
