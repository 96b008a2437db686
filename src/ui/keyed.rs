//! Lists whose items arrive in front several times a second (the grid's newest rows, the event
//! log's newest lines), kept in step with their keys by moving as few elements as possible.
//!
//! Leptos's keyed `<For>` moves every element that follows items put in front of a list, so the
//! browser takes all of them out of the layout and puts them back: on the grid that re-lays out
//! the whole table on every change. Here, items that stay keep their place in the document; only
//! new items are inserted and gone ones removed.

use std::collections::HashMap;
use std::hash::Hash;
use wasm_bindgen::JsCast;
use web_sys::{Element, Node};

pub struct KeyedList<K> {
    items: Vec<(K, Element)>,
}

impl<K> Default for KeyedList<K> {
    fn default() -> Self {
        KeyedList { items: Vec::new() }
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
        let mut kept: HashMap<K, Element> = self.items.drain(..).collect();
        let mut next = HashMap::with_capacity(wanted.len());
        for (key, _) in wanted {
            if let Some(el) = kept.remove(key) {
                next.insert(key.clone(), el);
            }
        }
        for el in kept.into_values() {
            el.remove();
        }
        let mut cursor: Option<Node> = parent.first_child();
        for (key, item) in wanted {
            let el = match next.remove(key) {
                Some(el) => {
                    update(&el, item);
                    el
                }
                None => create(key, item),
            };
            let node: &Node = el.unchecked_ref();
            if cursor.as_ref() == Some(node) {
                cursor = node.next_sibling();
            } else {
                // Inserting an element that is already a child moves it.
                let _ = parent.insert_before(node, cursor.as_ref());
            }
            self.items.push((key.clone(), el));
        }
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
