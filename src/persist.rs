//! The saved session in IndexedDB: the scenario and the journal of what moved it on, so that a
//! reload replays the session to where it was.

use crate::scenario::{Action, Scenario};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

const DATABASE: &str = "snowglobe";
const STORE: &str = "sessions";
const KEY: &str = "current";
/// The format of saved sessions; others are ignored.
const FORMAT: u32 = 1;

/// What is saved of a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedSession {
    pub format: u32,
    pub scenario: Scenario,
    pub journal: Vec<Action>,
    pub speed: f64,
    pub paused: bool,
}

impl SavedSession {
    pub fn new(scenario: Scenario, journal: Vec<Action>, speed: f64, paused: bool) -> Self {
        SavedSession {
            format: FORMAT,
            scenario,
            journal,
            speed,
            paused,
        }
    }
}

/// Waits for an IndexedDB request to finish.
async fn finished(request: &IdbRequest) -> Result<JsValue, JsValue> {
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    JsFuture::from(promise).await?;
    request.result()
}

/// The page's session store.
#[derive(Debug, Clone)]
pub struct SessionStore {
    db: IdbDatabase,
}

impl SessionStore {
    /// Opens (creating on first use) the session database; None where IndexedDB is unavailable.
    pub async fn open() -> Option<SessionStore> {
        let factory: web_sys::IdbFactory =
            js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("indexedDB"))
                .ok()?
                .dyn_into()
                .ok()?;
        let request: IdbOpenDbRequest = factory.open_with_u32(DATABASE, 1).ok()?;
        let upgrading = request.clone();
        let upgrade = wasm_bindgen::closure::Closure::once_into_js(move |_: web_sys::Event| {
            if let Some(db) = upgrading
                .result()
                .ok()
                .and_then(|r| r.dyn_into::<IdbDatabase>().ok())
            {
                let _ = db.create_object_store(STORE);
            }
        });
        request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
        let db = finished(&request).await.ok()?.dyn_into().ok()?;
        Some(SessionStore { db })
    }

    fn store(&self, mode: IdbTransactionMode) -> Option<web_sys::IdbObjectStore> {
        self.db
            .transaction_with_str_and_mode(STORE, mode)
            .ok()?
            .object_store(STORE)
            .ok()
    }

    /// The saved session, if there is one in the current format.
    pub async fn load(&self) -> Option<SavedSession> {
        let request = self
            .store(IdbTransactionMode::Readonly)?
            .get(&JsValue::from_str(KEY))
            .ok()?;
        let text = finished(&request).await.ok()?.as_string()?;
        serde_json::from_str::<SavedSession>(&text)
            .ok()
            .filter(|s| s.format == FORMAT)
    }

    /// Saves the session, replacing the previous one.
    pub fn save(&self, session: &SavedSession) {
        let (Some(store), Ok(text)) = (
            self.store(IdbTransactionMode::Readwrite),
            serde_json::to_string(session),
        ) else {
            return;
        };
        let _ = store.put_with_key(&JsValue::from_str(&text), &JsValue::from_str(KEY));
    }

    /// Forgets the saved session.
    pub fn clear(&self) {
        if let Some(store) = self.store(IdbTransactionMode::Readwrite) {
            let _ = store.delete(&JsValue::from_str(KEY));
        }
    }
}
