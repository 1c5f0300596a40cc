//! xml values crossing to another isolate.
//!
//! Items hold `Rc`s, so an xml value is copied as a flat list of operations in document
//! order (an element's start, its children, its end) and rebuilt from it with a stack: trees
//! of any depth are copied without recursion, like every other walk over xml. Only read-only
//! xml can be copied — an element is read-only with its whole subtree (`XmlElement::freeze`)
//! and texts, comments and processing instructions never change — so the copies stay
//! indistinguishable for ever; the rebuilt elements are read-only too. A mutable element is
//! refused. Sharing between items (the same element in two sequences) is not preserved, as
//! for the other values of a [`super::Transfer`].

use crate::value::xml::{XmlElement, XmlItem, XmlObj, XmlPi};
use std::rc::Rc;

/// A read-only xml value as plain data.
pub(super) struct XmlTree(Vec<Op>);

enum Op {
    Start {
        name: String,
        attributes: Vec<(String, String)>,
        prefix: Option<String>,
    },
    End,
    Text(String),
    Comment(String),
    Pi {
        target: String,
        content: String,
    },
}

/// What [`snapshot`] meets on its walk.
enum Work {
    Item(XmlItem),
    End,
}

/// Copies `xml`; the description of what cannot be copied otherwise.
pub(super) fn snapshot(xml: &XmlObj) -> Result<XmlTree, &'static str> {
    let mut ops = Vec::new();
    let mut work: Vec<Work> = xml.items().iter().rev().cloned().map(Work::Item).collect();
    while let Some(next) = work.pop() {
        match next {
            Work::End => ops.push(Op::End),
            Work::Item(XmlItem::Text(text)) => ops.push(Op::Text(text.as_str().to_owned())),
            Work::Item(XmlItem::Comment(text)) => ops.push(Op::Comment(text.as_str().to_owned())),
            Work::Item(XmlItem::Pi(pi)) => ops.push(Op::Pi {
                target: pi.target.clone(),
                content: pi.content.clone(),
            }),
            Work::Item(XmlItem::Element(element)) => {
                if !element.is_frozen() {
                    return Err("a mutable xml element");
                }
                ops.push(Op::Start {
                    name: element.name(),
                    attributes: element
                        .attributes()
                        .iter()
                        .map(|(name, value)| (name.as_str().to_owned(), value.as_str().to_owned()))
                        .collect(),
                    prefix: element.prefix().map(str::to_owned),
                });
                work.push(Work::End);
                let children = element.children();
                work.extend(children.items().iter().rev().cloned().map(Work::Item));
            }
        }
    }
    Ok(XmlTree(ops))
}

impl XmlTree {
    /// The copy, made on the isolate that will own it (read-only).
    pub(super) fn rebuild(self) -> XmlObj {
        struct Open {
            name: String,
            attributes: Vec<(String, String)>,
            prefix: Option<String>,
            children: XmlObj,
        }
        let mut root = XmlObj::empty();
        let mut open: Vec<Open> = Vec::new();
        for op in self.0 {
            let item = match op {
                Op::Start {
                    name,
                    attributes,
                    prefix,
                } => {
                    open.push(Open {
                        name,
                        attributes,
                        prefix,
                        children: XmlObj::empty(),
                    });
                    continue;
                }
                Op::End => {
                    // `snapshot` ends every element it starts; a stray end is ignored.
                    let Some(done) = open.pop() else { continue };
                    let element = Rc::new(
                        XmlElement::new(done.name, done.attributes, Rc::new(done.children))
                            .with_prefix(done.prefix.as_deref()),
                    );
                    // Its children are frozen already: this marks the element alone.
                    element.freeze();
                    XmlItem::Element(element)
                }
                Op::Text(text) => XmlItem::Text(Rc::new(text)),
                Op::Comment(text) => XmlItem::Comment(Rc::new(text)),
                Op::Pi { target, content } => XmlItem::Pi(Rc::new(XmlPi { target, content })),
            };
            match open.last_mut() {
                Some(parent) => parent.children.push(item),
                None => root.push(item),
            }
        }
        root
    }
}
