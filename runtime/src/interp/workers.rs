//! Worker message passing: channel groups, sends, receives and flushes (the spec's queue and
//! slot model, compiler/ir/README.md "Worker message passing").
//!
//! A channel group is a `Handle` holding a [`Group`]: one queue per ordered pair of members,
//! each with its slots, write index `w` and read index `r`. A member's termination is read
//! from the future of the strand it was bound on (`WorkerBind` in a strand's bottom frame:
//! named workers and a strand's root function), so no hook in the strand's `finish` is
//! needed: a receive or flush waiting on a peer also waits on that peer's future, whose
//! completion wakes it. A default worker bound in a nested frame is never seen as terminated
//! (its receivers wait for the messages it sends, or deadlock).
//!
//! Waiting uses the scheduler's park and wake: a blocked instruction registers its strand
//! with the group (woken by every send, skip and receive on it) and parks; it re-runs when
//! woken and re-checks, so spurious wake-ups are harmless.

use super::strand::Flow;
use super::Interpreter;
use crate::error::{self, Panic};
use crate::value::{FutureObj, FutureState, HandleObj, StrandId, Value};
use intc_ir::{Instruction as I, Reg};
use std::cell::RefCell;
use std::rc::Rc;

/// One queue `from -> to`: its slots (`None`: empty) and its indices.
#[derive(Default)]
struct Queue {
    slots: Vec<Option<Value>>,
    w: u32,
    r: u32,
}

/// The shared state of one channel group.
pub(crate) struct Group {
    members: u16,
    queues: RefCell<Vec<Queue>>,
    /// The future of the strand each member was bound on, when it is the strand's bottom frame.
    bound: RefCell<Vec<Option<Rc<FutureObj>>>>,
    /// Strands parked on a receive or flush of this group.
    waiters: RefCell<Vec<StrandId>>,
    /// The function each member was bound in, for the worker names of messages (a named
    /// worker's function is `$worker.<name>`; any other is the default worker, `function`).
    functions: RefCell<Vec<Option<u32>>>,
}

/// How a peer stands, seen from a receive or a flush.
enum Peer {
    Running,
    /// Returned a value that is not an error (or its result was already taken by a wait).
    Succeeded,
    /// Returned an error value.
    Failed(Value),
    /// Panicked with this error value.
    Panicked(Value),
}

/// What one receive slot gives once it is decided.
enum Slot {
    Message(Value),
    /// An error in place of the message: `error:NoMessage` or the sender's failure.
    Error(Value),
}

impl Group {
    fn new(members: u16) -> Group {
        let n = members as usize;
        Group {
            members,
            queues: RefCell::new((0..n * n).map(|_| Queue::default()).collect()),
            bound: RefCell::new(vec![None; n]),
            waiters: RefCell::new(Vec::new()),
            functions: RefCell::new(vec![None; n]),
        }
    }

    fn queue_index(&self, from: u16, to: u16) -> Option<usize> {
        (from < self.members && to < self.members && from != to)
            .then(|| from as usize * self.members as usize + to as usize)
    }

    fn peer(&self, member: u16) -> Peer {
        let bound = self.bound.borrow();
        let Some(Some(future)) = bound.get(member as usize) else {
            return Peer::Running;
        };
        match future.peek() {
            FutureState::Running => Peer::Running,
            FutureState::Returned(value) if value.is_error() => Peer::Failed(value),
            FutureState::Returned(_) | FutureState::Taken => Peer::Succeeded,
            FutureState::Panicked(error) => Peer::Panicked(error),
        }
    }

    fn take_waiters(&self) -> Vec<StrandId> {
        std::mem::take(&mut *self.waiters.borrow_mut())
    }
}

impl Interpreter {
    /// The worker instructions, at the top frame's `pc` (`WorkerReceiveAll`/`Any` are
    /// followed by their `WorkerPeer` operands, which the caller skips on `Flow::Next`).
    pub(super) fn worker_instruction(&mut self, instruction: I) -> Result<Flow, Panic> {
        let done = match instruction {
            I::WorkerGroupNew { dst, members } => {
                let group = HandleObj {
                    value: Box::new(Rc::new(Group::new(members))),
                };
                self.set_reg(dst, Value::Handle(Rc::new(group)));
                true
            }
            I::WorkerBind { group, member } => {
                let group = self.group_in(group)?;
                let function = self.frames.last().map(|f| f.func);
                if let Some(slot) = group.functions.borrow_mut().get_mut(member as usize) {
                    *slot = function;
                }
                if self.frames.len() == 1 {
                    if let Some(slot) = group.bound.borrow_mut().get_mut(member as usize) {
                        *slot = self.strand.future.clone();
                    }
                    // Waiters on this member re-check, now also waiting on its future.
                    self.wake_all(group.take_waiters());
                }
                true
            }
            I::WorkerSend {
                group,
                from,
                to,
                slot,
                value,
            } => {
                // The spec sends a clone (`value:clone`), so the peers share no mutable
                // structure.
                let message = crate::format::clone_value(self.reg(value));
                self.send(group, from, to, slot, message)?;
                true
            }
            I::WorkerSkip {
                group,
                from,
                to,
                upto,
            } => {
                let group = self.group_in(group)?;
                let index = self.queue_of(&group, from, to)?;
                let queue = &mut group.queues.borrow_mut()[index];
                queue.w = queue.w.max(upto as u32);
                self.wake_all(group.take_waiters());
                true
            }
            I::WorkerFlush {
                dst,
                group,
                from,
                to,
                upto,
            } => self.flush(dst, group, from, to, upto)?,
            I::WorkerReceive {
                dst,
                group,
                from,
                to,
                slot,
            } => self.receive_one(dst, group, &[(from, slot)], to)?,
            I::WorkerReceiveAll {
                dst,
                group,
                to,
                count,
            } => {
                let peers = self.peers(count)?;
                self.receive_all(dst, group, &peers, to)?
            }
            I::WorkerReceiveAny {
                dst,
                group,
                to,
                count,
            } => {
                let peers = self.peers(count)?;
                self.receive_one(dst, group, &peers, to)?
            }
            _ => return Err(self.internal("not a worker instruction")),
        };
        if done {
            return Ok(Flow::Next);
        }
        Ok(self.block())
    }

    fn reg(&self, reg: Reg) -> &Value {
        let base = self.frames.last().map_or(0, |f| f.base as usize);
        &self.stack[base + reg.0 as usize]
    }

    fn set_reg(&mut self, reg: Reg, value: Value) {
        let base = self.frames.last().map_or(0, |f| f.base as usize);
        self.stack[base + reg.0 as usize] = value;
    }

    fn group_in(&self, reg: Reg) -> Result<Rc<Group>, Panic> {
        match self.reg(reg) {
            Value::Handle(handle) => handle.value.downcast_ref::<Rc<Group>>().cloned(),
            _ => None,
        }
        .ok_or_else(|| self.internal("worker instruction on a value that is not a channel group"))
    }

    fn queue_of(&self, group: &Group, from: u16, to: u16) -> Result<usize, Panic> {
        group
            .queue_index(from, to)
            .ok_or_else(|| self.internal("worker queue outside its channel group"))
    }

    /// The `WorkerPeer` operands after the instruction at the top frame's `pc`.
    fn peers(&self, count: u16) -> Result<Vec<(u16, u16)>, Panic> {
        let Some(frame) = self.frames.last() else {
            return Err(self.internal("worker receive outside a frame"));
        };
        let code = &self.program.functions[frame.func as usize].code;
        (1..=count as usize)
            .map(|i| match code.get(frame.pc as usize + i) {
                Some(&I::WorkerPeer { from, slot }) => Ok((from, slot)),
                _ => Err(self.internal("worker receive without its peers")),
            })
            .collect()
    }

    fn wake_all(&mut self, strands: Vec<StrandId>) {
        for strand in strands {
            self.sched.wake(strand);
        }
    }

    /// Parks the running strand on `group` and on the futures of `members`.
    fn wait_on(&self, group: &Group, members: &[u16]) {
        let me = self.sched.current;
        let mut waiters = group.waiters.borrow_mut();
        if !waiters.contains(&me) {
            waiters.push(me);
        }
        let bound = group.bound.borrow();
        for member in members {
            if let Some(Some(future)) = bound.get(*member as usize) {
                future.add_waiter(me);
            }
        }
    }

    fn send(
        &mut self,
        group: Reg,
        from: u16,
        to: u16,
        slot: u16,
        message: Value,
    ) -> Result<(), Panic> {
        let group = self.group_in(group)?;
        let group = &*group;
        let index = self.queue_of(group, from, to)?;
        {
            let queue = &mut group.queues.borrow_mut()[index];
            let slot = slot as usize;
            if queue.slots.len() <= slot {
                queue.slots.resize(slot + 1, None);
            }
            queue.slots[slot] = Some(message);
            queue.w = queue.w.max(slot as u32 + 1);
        }
        self.wake_all(group.take_waiters());
        Ok(())
    }

    /// Whether slot `slot` of `from -> to` is decided, and what it gives; `Err` re-raises the
    /// sender's panic.
    fn slot_state(
        &self,
        group: &Group,
        from: u16,
        to: u16,
        slot: u16,
    ) -> Result<Option<Slot>, Panic> {
        let index = self.queue_of(group, from, to)?;
        {
            let queues = group.queues.borrow();
            let queue = &queues[index];
            if queue.w > slot as u32 {
                return Ok(Some(match queue.slots.get(slot as usize) {
                    Some(Some(message)) => Slot::Message(message.clone()),
                    _ => Slot::Error(self.no_message(group, from, to)),
                }));
            }
        }
        Ok(match group.peer(from) {
            Peer::Running => None,
            Peer::Succeeded => Some(Slot::Error(self.no_message(group, from, to))),
            Peer::Failed(error) => Some(Slot::Error(error)),
            Peer::Panicked(error) => return Err(Panic::new(error)),
        })
    }

    /// Marks slot `slot` of `from -> to` read (`r = slot + 1`), taking its message.
    fn mark_read(&mut self, group: &Group, from: u16, to: u16, slot: u16) {
        if let Some(index) = group.queue_index(from, to) {
            let queue = &mut group.queues.borrow_mut()[index];
            queue.r = queue.r.max(slot as u32 + 1);
            if let Some(message) = queue.slots.get_mut(slot as usize) {
                *message = None;
            }
        }
        if !group.waiters.borrow().is_empty() {
            let waiters = group.take_waiters();
            self.wake_all(waiters);
        }
    }

    /// `WorkerReceive` (one peer) and `WorkerReceiveAny`: the first decided slot with a
    /// message wins; when every slot is decided without one, the first error (a sender's
    /// failure or `error:NoMessage`).
    fn receive_one(
        &mut self,
        dst: Reg,
        group: Reg,
        peers: &[(u16, u16)],
        to: u16,
    ) -> Result<bool, Panic> {
        let group = self.group_in(group)?;
        let group = &*group;
        // The single receive: no lists.
        if let [(from, slot)] = *peers {
            let Some(state) = self.slot_state(group, from, to, slot)? else {
                self.wait_on(group, &[from]);
                return Ok(false);
            };
            self.mark_read(group, from, to, slot);
            let (Slot::Message(value) | Slot::Error(value)) = state;
            self.set_reg(dst, value);
            return Ok(true);
        }
        let mut states = Vec::with_capacity(peers.len());
        for &(from, slot) in peers {
            states.push(self.slot_state(group, from, to, slot)?);
        }
        let winner = states
            .iter()
            .position(|s| matches!(s, Some(Slot::Message(_))));
        let result = match winner {
            Some(i) => states.swap_remove(i),
            None if states.iter().all(Option::is_some) => states.swap_remove(0),
            None => {
                let running: Vec<u16> = peers.iter().map(|p| p.0).collect();
                self.wait_on(group, &running);
                return Ok(false);
            }
        };
        for &(from, slot) in peers {
            self.mark_read(group, from, to, slot);
        }
        let value = match result {
            Some(Slot::Message(value) | Slot::Error(value)) => value,
            None => Value::Nil,
        };
        self.set_reg(dst, value);
        Ok(true)
    }

    /// `WorkerReceiveAll`: each slot's message, or the error in its place, into `dst..`.
    fn receive_all(
        &mut self,
        dst: Reg,
        group: Reg,
        peers: &[(u16, u16)],
        to: u16,
    ) -> Result<bool, Panic> {
        let group = self.group_in(group)?;
        let group = &*group;
        let mut states = Vec::with_capacity(peers.len());
        for &(from, slot) in peers {
            match self.slot_state(group, from, to, slot)? {
                Some(state) => states.push(state),
                None => {
                    self.wait_on(group, &[from]);
                    return Ok(false);
                }
            }
        }
        for &(from, slot) in peers {
            self.mark_read(group, from, to, slot);
        }
        for (i, state) in states.into_iter().enumerate() {
            let (Slot::Message(value) | Slot::Error(value)) = state;
            self.set_reg(Reg(dst.0 + i as u16), value);
        }
        Ok(true)
    }

    /// `WorkerFlush`: done when the receiver read up to `upto` or terminated.
    fn flush(
        &mut self,
        dst: Reg,
        group: Reg,
        from: u16,
        to: u16,
        upto: u16,
    ) -> Result<bool, Panic> {
        let group = self.group_in(group)?;
        let group = &*group;
        let index = self.queue_of(group, from, to)?;
        let read = group.queues.borrow()[index].r;
        let result = if read >= upto as u32 {
            Value::Nil
        } else {
            match group.peer(to) {
                Peer::Running => {
                    self.wait_on(group, &[to]);
                    return Ok(false);
                }
                Peer::Succeeded => Value::Nil,
                Peer::Failed(error) => error,
                Peer::Panicked(error) => return Err(Panic::new(error)),
            }
        };
        self.set_reg(dst, result);
        Ok(true)
    }

    /// A new `error:NoMessage` for queue `from -> to` (a plain error when the program does
    /// not define that type), with jBallerina's detail message.
    fn no_message(&self, group: &Group, from: u16, to: u16) -> Value {
        let ty = (0..self.types.len())
            .map(|i| intc_ir::TypeId(i as u32))
            .find(|&ty| {
                self.types
                    .def(ty)
                    .and_then(|def| def.name.as_deref())
                    .is_some_and(|name| name == "error:NoMessage" || name == "NoMessage")
            })
            .unwrap_or(self.types.well_known.error);
        let functions = group.functions.borrow();
        let name = |m: u16| {
            functions
                .get(m as usize)
                .copied()
                .flatten()
                .and_then(|f| self.program.functions.get(f as usize))
                .and_then(|f| f.name.strip_prefix("$worker."))
                .unwrap_or("function")
                .to_string()
        };
        let mut detail = crate::value::ValueMap::default();
        detail.insert(
            crate::value::MapKey::new("message"),
            Value::string(format!(
                "no message received from worker '{}' to worker '{}'",
                name(from),
                name(to)
            )),
        );
        error::new_error(&self.types, ty, "NoMessage", Value::Nil, detail)
    }
}
