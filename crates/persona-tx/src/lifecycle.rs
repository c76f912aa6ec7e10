//! The lifecycle calls of [`Client`]: list and find, events, create, update, redact.

use futures_util::stream::Stream;
use txstatus_core::provider::{RawResponse, RequestSpec, RetryClass, is_usable_id, written};
use txstatus_core::{Response, Result};

use crate::{
    Client, PROVIDER,
    list_options::{ListEvents, ListTransactions},
    model::{Event, EventDocument, EventList, Transaction, TransactionData, TransactionList},
    pagination, requests,
    writes::{CreateTransaction, UpdateTransaction},
};

/// Most transactions [`Client::find_by_reference_id`] reads, as listed (repeats
/// included), before it stops.
pub const MAX_FOUND: usize = 1_000;

/// The outcome of [`Client::redact_transaction`].
#[non_exhaustive]
#[derive(Clone, Debug)]
pub enum Redaction {
    /// Persona answered with the redacted transaction: no reference id, no tags
    /// and every field value `null`.
    Redacted(Box<Response<Transaction>>),
    /// Persona answered for the transaction, but its answer still holds
    /// personal values (a reference id, tags or a field value that is not
    /// `null`), or shows neither a status nor fields (no attributes, `{}`): the
    /// redaction is not shown done. Read the transaction again
    /// later; never count it as redacted on this answer.
    Incomplete(Box<Response<Transaction>>),
    /// A resend got 404: an earlier send, whose answer was lost, redacted it.
    AlreadyRedacted,
}

impl Client {
    /// One page of `GET /transactions`, newest first. Take the next page's cursor
    /// with [`next_cursor`](crate::next_cursor) and ask again with
    /// [`ListTransactions::after`]. With a reference-id filter, a page listing a
    /// transaction of another reference id is a decode error at `data` that keeps
    /// the page (as in [`Client::transactions`] and
    /// [`Client::find_by_reference_id`]). A 200 that is no list page (an error
    /// body, an object without `data`) is a decode error that keeps the body,
    /// never an empty page; this holds for every list call.
    pub async fn list_transactions(
        &self,
        list: &ListTransactions,
    ) -> Result<Response<TransactionList>> {
        list.check()?;
        let spec = requests::list_transactions(self.version_header(), list, None);
        let response: Response<TransactionList> =
            self.service().execute(spec).await?.decode_json()?;
        pagination::check_page(
            list,
            &response.value().data,
            response.raw(),
            response.status(),
        )?;
        Ok(response)
    }

    /// Every transaction matching `list`, newest first, fetched lazily one page at
    /// a time under the client's rate limit. Ends after the last page (no
    /// `links.next`) or an empty page; yields an error and ends when Persona
    /// returns a cursor it returned before, or one naming an item already listed
    /// other than the page's last (a walk back), or lists an object of another
    /// type than `transaction`. Items come as the pages list them:
    /// one a misbehaving server lists on two pages comes twice
    /// ([`Client::find_by_reference_id`] returns each once).
    pub fn transactions(
        &self,
        list: ListTransactions,
    ) -> impl Stream<Item = Result<TransactionData>> + Send + 'static {
        pagination::walk(self.clone(), list)
    }

    /// Every transaction with this reference id, newest first: how to learn
    /// whether a create whose answer was lost happened. Each transaction is
    /// returned once, as first listed: a page listing again one an earlier page
    /// listed (a server taking the cursor inclusively) must not make one create
    /// look like two. The whole walk runs within one call deadline and stops
    /// with a decode error past [`MAX_FOUND`] listed transactions (a reference
    /// id names one or a few; a provider that keeps handing out pages, or the
    /// same transactions, must not hold the caller forever). For more, walk
    /// [`Client::transactions`] yourself.
    pub async fn find_by_reference_id(&self, reference_id: &str) -> Result<Vec<TransactionData>> {
        use futures_util::StreamExt;
        let list = ListTransactions::new()
            .page_size(crate::list_options::MAX_PAGE_SIZE)
            .reference_id(reference_id);
        self.service()
            .within_call_deadline(async move {
                let mut stream = std::pin::pin!(self.transactions(list));
                let mut found: Vec<TransactionData> = Vec::new();
                let mut ids = std::collections::HashSet::new();
                let mut listed = 0usize;
                while let Some(item) = stream.next().await {
                    if listed >= MAX_FOUND {
                        return Err(txstatus_core::Error::decode(
                            crate::PROVIDER,
                            200,
                            "data",
                            format!(
                                "more than {MAX_FOUND} transactions are listed for this reference id; stopped"
                            ),
                            txstatus_core::RawBody::new(Vec::new()),
                        ));
                    }
                    listed = listed.saturating_add(1);
                    let item = item?;
                    // Ids compared as sent (Persona's are case-sensitive); a
                    // blank id names nothing to merge with, so it is kept.
                    if item.id.trim().is_empty() || ids.insert(item.id.clone()) {
                        found.push(item);
                    }
                }
                Ok(found)
            })
            .await
    }

    /// One page of `GET /events`, newest first. A page listing an event its
    /// filters leave out (another `filter[id]`, `filter[name]` or, for a
    /// transaction's event, `filter[object-id]`) is a decode error at `data` that
    /// keeps the page (a proxy or cache answering for another request, or a
    /// filter not applied), as in [`Client::events`].
    pub async fn list_events(&self, list: &ListEvents) -> Result<Response<EventList>> {
        list.check()?;
        let spec = requests::list_events(self.version_header(), list, None);
        let response: Response<EventList> = self.service().execute(spec).await?.decode_json()?;
        pagination::check_page(
            list,
            &response.value().data,
            response.raw(),
            response.status(),
        )?;
        Ok(response)
    }

    /// Every event matching `list`, lazily, like [`Client::transactions`].
    pub fn events(&self, list: ListEvents) -> impl Stream<Item = Result<Event>> + Send + 'static {
        pagination::walk(self.clone(), list)
    }

    /// `GET /events/{id}`: confirms a webhook by reading its event back. An
    /// answer about another event (or naming none) confirms nothing: it is a
    /// decode error at `data.id` that keeps the body.
    pub async fn event(&self, id: &str) -> Result<Response<Event>> {
        let spec = requests::retrieve_event(self.version_header(), id);
        let response: Response<EventDocument> =
            self.service().execute(spec).await?.decode_json()?;
        if response.value().data.id != id
            || crate::names_another_type(&response.value().data.kind, "event")
        {
            return Err(txstatus_core::Error::decode(
                PROVIDER,
                response.status(),
                "data.id",
                "the answer names another event than the one asked for".to_owned(),
                response.raw().clone(),
            ));
        }
        Ok(response.map(|document| document.data))
    }

    /// Reads a webhook's event back from Persona by its id: what Persona answers is
    /// the event as Persona has it (a forged delivery names no event: 404), and its
    /// payload is the transaction as it was when the event fired.
    pub async fn read_back(&self, webhook: &crate::WebhookEvent) -> Result<Response<Event>> {
        self.event(&webhook.data.id).await
    }

    /// `POST /transactions`. With an `Idempotency-Key` (generated for the call
    /// unless given) every attempt sends the same key and the request is resent
    /// like a read, a 409 (the same key still in progress) included; without one
    /// it is never resent once it may have reached Persona. If the outcome stays
    /// unknown, look for it with [`Client::find_by_reference_id`]. A 2xx answer
    /// naming no usable transaction id is a decode error with
    /// [`write_was_accepted`](txstatus_core::Error::write_was_accepted) (the update,
    /// redaction and biometrics redaction likewise when the answer does not name
    /// the transaction they were sent for).
    pub async fn create_transaction(
        &self,
        create: &CreateTransaction,
    ) -> Result<Response<Transaction>> {
        let key = create.idempotency.resolve()?;
        let spec = requests::create_transaction(self.version_header(), create, key.as_ref())?;
        let keyed = key.is_some();
        let response = self
            .send(spec, |error| keyed && error.status() == Some(409), false)
            .await
            .and_then(|sent| sent.response?.decode_json())?;
        let response = names_transaction(response, None, create.sent_reference_id())?;
        let of_type = crate::transaction_type_of(&response.value().data)
            .is_none_or(|answered| answered == create.sent_transaction_type_id().trim());
        written(
            PROVIDER,
            response,
            of_type,
            "data.relationships.transaction-type.data.id",
            "transaction type it was created with",
        )
    }

    /// `PATCH /transactions/{id}`: status, fields, reference id, label, tags.
    /// Resent like [`Client::create_transaction`] (the key makes it safe).
    pub async fn update_transaction(
        &self,
        id: &str,
        update: &UpdateTransaction,
    ) -> Result<Response<Transaction>> {
        let key = update.idempotency.resolve()?;
        let spec = requests::update_transaction(self.version_header(), id, update, key.as_ref())?;
        let keyed = key.is_some();
        let response = self
            .send(spec, |error| keyed && error.status() == Some(409), false)
            .await
            .and_then(|sent| sent.response?.decode_json())?;
        names_transaction(response, Some(id), update.sent_reference_id())
    }

    /// `DELETE /transactions/{id}`: redacts the transaction's personal data; cannot
    /// be undone. Resent on transient failures; a 404 after a resend means an
    /// earlier send redacted it ([`Redaction::AlreadyRedacted`]), a 404 on the first
    /// send is an error (no such transaction). An answer that still holds a
    /// personal value is [`Redaction::Incomplete`], never [`Redaction::Redacted`].
    pub async fn redact_transaction(&self, id: &str) -> Result<Redaction> {
        let spec = requests::redact_transaction(self.version_header(), id);
        let sent = self.send(spec, |_| false, true).await?;
        match sent.response {
            Ok(raw) => {
                let answer = Box::new(names_transaction(raw.decode_json()?, Some(id), None)?);
                // Done only when the answer shows the transaction: an answer
                // without attributes (none, `null`, `{}`) shows nothing.
                let shows_it = answer
                    .value()
                    .data
                    .attributes
                    .as_ref()
                    .is_some_and(|attributes| {
                        attributes.status.is_some() || attributes.fields.is_some()
                    });
                if !shows_it
                    || crate::redaction_answer::holds_personal_values(answer.raw().as_bytes())
                {
                    Ok(Redaction::Incomplete(answer))
                } else {
                    Ok(Redaction::Redacted(answer))
                }
            }
            Err(error) if sent.resent && error.status() == Some(404) => {
                Ok(Redaction::AlreadyRedacted)
            }
            Err(error) => Err(error),
        }
    }

    /// `POST /transactions/{id}/redact-biometrics`: deletes the biometric data of
    /// the transaction and its objects; cannot be undone. `Idempotent`, sent with a
    /// generated `Idempotency-Key`.
    pub async fn redact_biometrics(&self, id: &str) -> Result<Response<Transaction>> {
        let key = crate::IdempotencyKey::generate()?;
        let spec = requests::redact_biometrics(self.version_header(), id, Some(&key))?;
        names_transaction(
            self.service().execute(spec).await?.decode_json()?,
            Some(id),
            None,
        )
    }

    /// Sends `spec` (txstatus-core applies its retry class), then resends it
    /// itself while `again` says so; with `own_resends`, the spec goes out as
    /// `NeverResend` and every transient failure is resent here, so the caller
    /// learns whether the answer it gets came from a resend.
    async fn send(
        &self,
        spec: RequestSpec,
        again: impl Fn(&txstatus_core::Error) -> bool,
        own_resends: bool,
    ) -> Result<Sent> {
        // Every send and every wait between them within one call deadline.
        self.service()
            .within_call_deadline(self.send_within(spec, again, own_resends))
            .await
    }

    async fn send_within(
        &self,
        spec: RequestSpec,
        again: impl Fn(&txstatus_core::Error) -> bool,
        own_resends: bool,
    ) -> Result<Sent> {
        let spec = if own_resends {
            spec.retry(RetryClass::NeverResend)
        } else {
            spec
        };
        // The call's policy (a `with_options` view's included): its attempts
        // bound the sends made here, its backoff the waits between them.
        let policy = self.service().retry_policy().clone();
        let clock = self.service().clock();
        let mut sends = 0u32;
        let mut resent = false;
        loop {
            sends = sends.saturating_add(1);
            let result = self.service().execute(spec.clone()).await;
            let error = match result {
                Ok(raw) => {
                    return Ok(Sent {
                        response: Ok(raw),
                        resent,
                    });
                }
                Err(error) => error,
            };
            let transient = own_resends && error.is_retryable();
            if sends >= policy.max_attempts.max(1) || !(transient || again(&error)) {
                return Ok(Sent {
                    response: Err(error),
                    resent,
                });
            }
            let wait = match error.retry_after() {
                Some(asked) if asked > policy.max_retry_after => {
                    return Ok(Sent {
                        response: Err(error),
                        resent,
                    });
                }
                Some(asked) => asked.max(policy.backoff(sends)),
                None => policy.backoff(sends),
            };
            let past_end = self
                .service()
                .operation_end()
                .is_some_and(|end| clock.now().checked_add(wait).is_none_or(|at| at >= end));
            if past_end {
                // The wait would end past the call's deadline: the answer stands.
                return Ok(Sent {
                    response: Err(error),
                    resent,
                });
            }
            // A 429 or 503 says the send was not taken: a 404 after it is
            // no transaction, not one an earlier send redacted.
            resent |= error.may_have_been_processed();
            clock.sleep(wait).await;
        }
    }
}

/// A 2xx answer to a write is a success only when it names the transaction
/// written (`data.id`, a usable id; the one sent, for a write to an id) and,
/// when the write sent a reference id and the answer shows one, that one.
/// Otherwise it is a decode error keeping the body, marked as an accepted write
/// ([`txstatus_core::Error::write_was_accepted`]): the write happened, its
/// answer cannot say on what (find a create by its reference id).
fn names_transaction(
    response: Response<Transaction>,
    sent: Option<&str>,
    sent_reference: Option<&str>,
) -> Result<Response<Transaction>> {
    let data = &response.value().data;
    let id = data.id.as_str();
    let named = is_usable_id(id)
        && sent.is_none_or(|sent| sent == id)
        && !crate::names_another_type(&data.kind, "transaction");
    let what = if sent.is_some() {
        "id of the transaction it was sent for"
    } else {
        "usable transaction id"
    };
    let answered_reference = data
        .attributes
        .as_ref()
        .and_then(|attributes| attributes.reference_id.as_ref())
        .map(|reference| reference.expose().as_str());
    let same_reference = match (sent_reference, answered_reference) {
        (Some(sent), Some(answered)) => sent == answered,
        _ => true,
    };
    let response = written(PROVIDER, response, named, "data.id", what)?;
    written(
        PROVIDER,
        response,
        same_reference,
        "data.attributes.reference-id",
        "reference id it was sent with",
    )
}

struct Sent {
    response: Result<RawResponse>,
    resent: bool,
}
