//! Lists whose items arrive in front several times a second (the grid's newest rows, the event
//! log's newest lines), kept in step with their keys by moving as few elements as possible.
//!
//! Leptos's keyed `<For>` moves every element that follows items put in front of a list, so the
//! browser takes all of them out of the layout and puts them back: on the grid that re-lays out
//! the whole table on every change. Here, items that stay keep their place in the document; only
//! new items are inserted and gone ones removed.

use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use wasm_bindgen::JsCast;
use web_sys::{Element, Node};

/// The shown elements by key (their order is the document's).
pub struct KeyedList<K> {
    shown: HashMap<K, Element>,
}

impl<K> Default for KeyedList<K> {
    fn default() -> Self {
        KeyedList {
            shown: HashMap::new(),
        }
    }
}

impl<K: Eq + Hash + Clone> KeyedList<K> {
    /// Makes the children of `parent` the elements of `wanted`, in that order. An item whose key
    /// was shown keeps its element (passed to `update`); a new one gets one from `create`.
    pub fn sync<T>(
        &mut self,
        parent: &Element,
        wanted: &[(K, T)],
        create: impl Fn(&K, &T) -> Element,
        update: impl Fn(&Element, &T),
    ) {
        // Gone elements leave first, so that the ones that stay are next to each other.
        let keys: HashSet<&K> = wanted.iter().map(|(key, _)| key).collect();
        self.shown.retain(|key, el| {
            let stays = keys.contains(key);
            if !stays {
                el.remove();
            }
            stays
        });
        let mut shown = HashMap::with_capacity(wanted.len());
        let mut cursor: Option<Node> = parent.first_child();
        for (key, item) in wanted {
            let (key, el) = match self.shown.remove_entry(key) {
                Some((key, el)) => {
                    update(&el, item);
                    (key, el)
                }
                None => (key.clone(), create(key, item)),
            };
            let node: &Node = el.unchecked_ref();
            if cursor.as_ref() == Some(node) {
                cursor = node.next_sibling();
            } else {
                // Inserting an element that is already a child moves it.
                let _ = parent.insert_before(node, cursor.as_ref());
            }
            shown.insert(key, el);
        }
        self.shown = shown;
    }
}

/// A new element with a class (none when empty) and a text.
pub fn element(tag: &str, class: &str, text: &str) -> Element {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("the page has a document");
    let el = document
        .create_element(tag)
        .expect("an element of a known tag");
    if !class.is_empty() {
        el.set_class_name(class);
    }
    if !text.is_empty() {
        el.set_text_content(Some(text));
    }
    el
}
