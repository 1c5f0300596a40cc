//! xml values (spec "XML values").
//!
//! Every xml value is a sequence of items ([`XmlObj`]); a singleton sequence *is* its item, so
//! an element is a sequence of length one. Items are cheap to share: an element is an `Rc`
//! that any number of sequences (and parents) hold, so concatenation, slicing and navigation
//! copy pointers, never subtrees. Names are expanded names: `{uri}local` for a name in a
//! namespace, `local` otherwise; a namespace declaration is an attribute named
//! `{http://www.w3.org/2000/xmlns/}prefix` (or `xmlns` for the default namespace), as in
//! Ballerina.
//!
//! Texts hold no values, so xml never forms a reference cycle through Ballerina values and
//! needs no cycle collection. Walks (printing, equality, dropping) keep their own work list:
//! a tree of any depth never overflows the Rust stack.

use smallvec::SmallVec;
use std::cell::{Cell, Ref, RefCell};
use std::rc::Rc;

/// The text of a name, attribute value, text or comment: the `Rc<String>` a Ballerina
/// string value holds, so that a template shares the strings it is given instead of
/// copying them.
pub type XmlStr = Rc<String>;

/// The namespace of namespace declarations.
pub const XMLNS_NAMESPACE: &str = "http://www.w3.org/2000/xmlns/";
/// The namespace bound to the prefix `xml`.
pub const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// An xml sequence (possibly empty, possibly a single item). A single item (an element, a
/// text: the commonest sequences) is held inline, with no separate allocation.
#[derive(Debug, Default)]
pub struct XmlObj {
    items: SmallVec<[XmlItem; 1]>,
}

/// One item of a sequence.
#[derive(Clone, Debug)]
pub enum XmlItem {
    Element(Rc<XmlElement>),
    /// Never empty; two texts are never adjacent in a sequence (they merge).
    Text(XmlStr),
    Comment(XmlStr),
    Pi(Rc<XmlPi>),
}

/// A processing instruction `<?target content?>`.
#[derive(Debug)]
pub struct XmlPi {
    pub target: String,
    pub content: String,
}

/// An element: mutable (`setName`, `setChildren`, attributes) unless read-only.
#[derive(Debug)]
pub struct XmlElement {
    name: RefCell<XmlStr>,
    attributes: RefCell<Vec<(XmlStr, XmlStr)>>,
    children: RefCell<Rc<XmlObj>>,
    frozen: Cell<bool>,
    /// The prefix the name was written with (templates, `fromString`): used when the element
    /// is printed away from the ancestor that declared it.
    prefix: Option<Rc<str>>,
}

/// The kind bits of an item, as intc-types numbers them (`intc_types::xml::kinds`).
pub mod kind_bits {
    pub const TEXT: u8 = 2;
    pub const ELEMENT: u8 = 4;
    pub const PI: u8 = 8;
    pub const COMMENT: u8 = 16;
}

impl XmlItem {
    pub fn kind_bit(&self) -> u8 {
        match self {
            XmlItem::Element(_) => kind_bits::ELEMENT,
            XmlItem::Text(_) => kind_bits::TEXT,
            XmlItem::Comment(_) => kind_bits::COMMENT,
            XmlItem::Pi(_) => kind_bits::PI,
        }
    }

    pub fn same_item(&self, other: &XmlItem) -> bool {
        match (self, other) {
            (XmlItem::Element(a), XmlItem::Element(b)) => Rc::ptr_eq(a, b),
            (XmlItem::Pi(a), XmlItem::Pi(b)) => Rc::ptr_eq(a, b),
            (XmlItem::Text(a), XmlItem::Text(b)) | (XmlItem::Comment(a), XmlItem::Comment(b)) => {
                a == b
            }
            _ => false,
        }
    }
}

impl XmlElement {
    pub fn new(name: String, attributes: Vec<(String, String)>, children: Rc<XmlObj>) -> Self {
        let attributes = attributes
            .into_iter()
            .map(|(name, value)| (Rc::new(name), Rc::new(value)))
            .collect();
        XmlElement::shared(Rc::new(name), attributes, children)
    }

    /// An element of shared strings (templates: the names are the program's constants).
    pub fn shared(name: XmlStr, attributes: Vec<(XmlStr, XmlStr)>, children: Rc<XmlObj>) -> Self {
        XmlElement {
            name: RefCell::new(name),
            attributes: RefCell::new(attributes),
            children: RefCell::new(children),
            frozen: Cell::new(false),
            prefix: None,
        }
    }

    /// The same element, remembering the prefix its name was written with.
    pub fn with_prefix(mut self, prefix: Option<&str>) -> Self {
        self.prefix = prefix.filter(|p| !p.is_empty()).map(Rc::from);
        self
    }

    pub fn prefix(&self) -> Option<&str> {
        self.prefix.as_deref()
    }

    /// The expanded name.
    pub fn name(&self) -> String {
        self.name.borrow().as_str().to_owned()
    }

    /// The expanded name, borrowed (no copy).
    pub fn name_ref(&self) -> Ref<'_, XmlStr> {
        self.name.borrow()
    }

    pub fn set_name(&self, name: XmlStr) {
        *self.name.borrow_mut() = name;
    }

    pub fn attributes(&self) -> Ref<'_, Vec<(XmlStr, XmlStr)>> {
        self.attributes.borrow()
    }

    pub fn attribute(&self, name: &str) -> Option<XmlStr> {
        self.attributes
            .borrow()
            .iter()
            .find(|(n, _)| n.as_str() == name)
            .map(|(_, v)| v.clone())
    }

    /// Sets (or adds) attribute `name`.
    pub fn set_attribute(&self, name: &str, value: String) {
        let mut attributes = self.attributes.borrow_mut();
        match attributes.iter_mut().find(|(n, _)| n.as_str() == name) {
            Some(slot) => slot.1 = Rc::new(value),
            None => attributes.push((Rc::new(name.to_string()), Rc::new(value))),
        }
    }

    pub fn children(&self) -> Rc<XmlObj> {
        self.children.borrow().clone()
    }

    pub fn set_children(&self, children: Rc<XmlObj>) {
        *self.children.borrow_mut() = children;
    }

    pub fn is_frozen(&self) -> bool {
        self.frozen.get()
    }

    /// Makes this element and its whole subtree read-only (`cloneReadOnly`, `readonly`
    /// contexts): elements are frozen in place, which is what the spec's read-only bit means.
    pub fn freeze(self: &Rc<Self>) {
        let mut work = vec![self.clone()];
        while let Some(element) = work.pop() {
            if element.frozen.replace(true) {
                continue;
            }
            for item in element.children().items() {
                if let XmlItem::Element(child) = item {
                    work.push(child.clone());
                }
            }
        }
    }
}

impl Drop for XmlElement {
    /// Drops a deep tree with a work list instead of one Rust frame per level. Only an
    /// unshared child sequence holding elements needs one (most elements hold a text or
    /// nothing): their items are moved to the list, and each element taken from it is
    /// emptied the same way before it drops, so no drop nests more than one level.
    fn drop(&mut self) {
        let Some(sequence) = Rc::get_mut(self.children.get_mut()) else {
            return;
        };
        if !sequence
            .items
            .iter()
            .any(|item| matches!(item, XmlItem::Element(_)))
        {
            return;
        }
        let mut work: Vec<XmlItem> = sequence.items.drain(..).collect();
        while let Some(item) = work.pop() {
            if let XmlItem::Element(element) = item {
                if let Ok(mut element) = Rc::try_unwrap(element) {
                    if let Some(children) = Rc::get_mut(element.children.get_mut()) {
                        work.extend(children.items.drain(..));
                    }
                }
            }
        }
    }
}

impl XmlObj {
    pub fn empty() -> XmlObj {
        XmlObj {
            items: SmallVec::new(),
        }
    }

    /// A sequence of `items` with room for `capacity` of them.
    pub fn with_capacity(capacity: usize) -> XmlObj {
        XmlObj {
            items: SmallVec::with_capacity(capacity),
        }
    }

    /// A sequence of `items`, merging adjacent texts and dropping empty ones.
    pub fn from_items(items: impl IntoIterator<Item = XmlItem>) -> XmlObj {
        let mut out = XmlObj::empty();
        for item in items {
            out.push(item);
        }
        out
    }

    /// A text item (the empty sequence for `""`).
    pub fn text(text: &str) -> XmlObj {
        XmlObj::from_items([XmlItem::Text(Rc::new(text.to_owned()))])
    }

    pub fn element(element: XmlElement) -> XmlObj {
        let mut items = SmallVec::new();
        items.push(XmlItem::Element(Rc::new(element)));
        XmlObj { items }
    }

    pub fn push(&mut self, item: XmlItem) {
        if let XmlItem::Text(text) = &item {
            if text.is_empty() {
                return;
            }
            if let Some(XmlItem::Text(last)) = self.items.last_mut() {
                // Appended in place when this sequence holds the only reference.
                match Rc::get_mut(last) {
                    Some(owned) => owned.push_str(text),
                    None => {
                        let mut joined = String::with_capacity(last.len() + text.len());
                        joined.push_str(last);
                        joined.push_str(text);
                        *last = Rc::new(joined);
                    }
                }
                return;
            }
        }
        self.items.push(item);
    }

    pub fn items(&self) -> &[XmlItem] {
        &self.items
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The union of the items' kind bits (`0` for the empty sequence).
    pub fn item_kinds(&self) -> u8 {
        self.items
            .iter()
            .fold(0, |bits, item| bits | item.kind_bit())
    }

    /// Read-only when every element in it (at any depth) is: texts, comments and processing
    /// instructions never change.
    pub fn is_frozen(&self) -> bool {
        self.items.iter().all(|item| match item {
            XmlItem::Element(element) => element.is_frozen(),
            _ => true,
        })
    }

    pub fn freeze(&self) {
        for item in &self.items {
            if let XmlItem::Element(element) = item {
                element.freeze();
            }
        }
    }

    /// A deep copy (`clone`, `cloneReadOnly`): mutable elements are copied (frozen when
    /// `freeze`), read-only subtrees shared. Iterative, so any depth is copied.
    pub fn deep_copy(&self, freeze: bool) -> XmlObj {
        struct Frame {
            element: Rc<XmlElement>,
            children: Rc<XmlObj>,
            next: usize,
            built: XmlObj,
        }
        let mut root = XmlObj::empty();
        let mut top_next = 0;
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            let item = match stack.last_mut() {
                Some(frame) => {
                    let item = frame.children.items.get(frame.next).cloned();
                    frame.next += 1;
                    item
                }
                None => {
                    let item = self.items.get(top_next).cloned();
                    top_next += 1;
                    item
                }
            };
            let done = match item {
                Some(XmlItem::Element(e)) if !e.is_frozen() => {
                    stack.push(Frame {
                        children: e.children(),
                        element: e,
                        next: 0,
                        built: XmlObj::empty(),
                    });
                    continue;
                }
                Some(other) => other,
                None => match stack.pop() {
                    Some(frame) => {
                        let copy = XmlElement::shared(
                            frame.element.name.borrow().clone(),
                            frame.element.attributes.borrow().clone(),
                            Rc::new(frame.built),
                        )
                        .with_prefix(frame.element.prefix());
                        copy.frozen.set(freeze);
                        XmlItem::Element(Rc::new(copy))
                    }
                    None => break,
                },
            };
            match stack.last_mut() {
                Some(frame) => frame.built.push(done),
                None => root.push(done),
            }
        }
        root
    }

    /// The character data of the sequence (`data()`): texts at any depth, in order.
    pub fn data(&self) -> String {
        let mut out = String::new();
        let mut work: Vec<XmlItem> = self.items.iter().rev().cloned().collect();
        while let Some(item) = work.pop() {
            match item {
                XmlItem::Text(text) => out.push_str(&text),
                XmlItem::Element(element) => {
                    work.extend(element.children().items.iter().rev().cloned())
                }
                XmlItem::Comment(_) | XmlItem::Pi(_) => {}
            }
        }
        out
    }
}

/// `a == b` on xml (spec "Equality"): items pairwise; elements by name, attribute set (in any
/// order) and children; texts, comments and processing instructions by content.
pub fn xml_equals(a: &XmlObj, b: &XmlObj) -> bool {
    let mut work: Vec<(XmlItem, XmlItem)> = Vec::new();
    if a.len() != b.len() {
        return false;
    }
    work.extend(a.items.iter().cloned().zip(b.items.iter().cloned()));
    while let Some((x, y)) = work.pop() {
        match (&x, &y) {
            (XmlItem::Element(l), XmlItem::Element(r)) => {
                if Rc::ptr_eq(l, r) {
                    continue;
                }
                if *l.name.borrow() != *r.name.borrow() {
                    return false;
                }
                let (la, ra) = (l.attributes(), r.attributes());
                if la.len() != ra.len()
                    || !la
                        .iter()
                        .all(|(n, v)| ra.iter().any(|(m, w)| n == m && v == w))
                {
                    return false;
                }
                let (lc, rc) = (l.children(), r.children());
                if lc.len() != rc.len() {
                    return false;
                }
                work.extend(lc.items.iter().cloned().zip(rc.items.iter().cloned()));
            }
            (XmlItem::Text(l), XmlItem::Text(r)) | (XmlItem::Comment(l), XmlItem::Comment(r)) => {
                if l != r {
                    return false;
                }
            }
            (XmlItem::Pi(l), XmlItem::Pi(r)) => {
                if l.target != r.target || l.content != r.content {
                    return false;
                }
            }
            _ => return false,
        }
    }
    true
}

/// Splits an expanded name into namespace and local name.
#[inline]
pub fn split_name(name: &str) -> (Option<&str>, &str) {
    // Most names have no namespace: one byte test (`{` and `}` are ASCII, so the slices
    // below fall between characters).
    if name.as_bytes().first() != Some(&b'{') {
        return (None, name);
    }
    match name.bytes().position(|b| b == b'}') {
        Some(close) => (Some(&name[1..close]), &name[close + 1..]),
        None => (None, name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_merge_and_empty_texts_vanish() {
        let seq = XmlObj::from_items([
            XmlItem::Text(Rc::new("a".to_string())),
            XmlItem::Text(Rc::new(String::new())),
            XmlItem::Text(Rc::new("b".to_string())),
        ]);
        assert_eq!(seq.len(), 1);
        assert_eq!(seq.data(), "ab");
        assert!(XmlObj::text("").is_empty());
    }

    #[test]
    fn a_deep_tree_drops_without_recursion() {
        let mut current = Rc::new(XmlObj::empty());
        for _ in 0..200_000 {
            current = Rc::new(XmlObj::element(XmlElement::new(
                "a".into(),
                Vec::new(),
                current,
            )));
        }
        assert_eq!(current.len(), 1);
        drop(current);
    }

    #[test]
    fn split_names() {
        assert_eq!(split_name("{urn:x}a"), (Some("urn:x"), "a"));
        assert_eq!(split_name("a"), (None, "a"));
    }
}
