//! intc-ir: the register-machine intermediate representation shared by the lowering (producer)
//! and the runtime (consumer). See `README.md` for the design.

mod builder;
mod display;
mod ids;
mod instruction;
mod operands;
mod program;
mod scalar;
mod services;
mod sharing;
mod types;
mod verify;

pub use builder::{FunctionBuilder, ProgramBuilder, TooManyRegisters};
pub use ids::{ClassId, ConstId, FuncId, GlobalId, NativeId, TypeId};
pub use instruction::{BinaryOp, Cmp, Instruction, Reg, RegRange, Target, UnaryOp};
pub use intc_langlib::LangNative;
pub use operands::{IdRef, Operands};
pub use program::{
    AnnotationSet, AnnotationTarget, Class, ClassField, Configurable, Constant, Function, Global,
    MainEntry, NativeRef, Program, RecordDefault, TypeIdName,
};
pub use scalar::{mark_scalar_frames, scalar_frames};
pub use services::{
    ListenerHooks, MethodParam, PathSegment, RemoteMethod, ResourceMethod, ServiceClass,
};
pub use sharing::{analyse_sharing, Sharing};
pub use types::{IntSubtype, ObjectField, ObjectMethod, RecordField, Singleton, TypeDef, TypeKind};
pub use verify::verify;

pub use intc_decimal::Decimal;
pub use intc_span::FileId;

#[cfg(test)]
mod scalar_tests;
#[cfg(test)]
mod tests;
