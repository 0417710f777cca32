//! Enums that are stored and exchanged by a stable snake_case code and shown by a label.

/// Declares an enum with a stable code (serde, SQLite) and a human label per variant.
macro_rules! code_enum {
    (
        $(#[$doc:meta])*
        $name:ident, $what:literal {
            $( $(#[$vdoc:meta])* $variant:ident = ($code:literal, $label:literal) ),+ $(,)?
        }
    ) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize, ts_rs::TS,
        )]
        #[ts(export)]
        pub enum $name {
            $( $(#[$vdoc])* #[serde(rename = $code)] $variant ),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code used in storage, IPC and exports.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The words a person reads.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Parses a stable code; the error names the unknown value.
            pub fn from_code(code: &str) -> Result<Self, $crate::domain::DomainError> {
                Self::from_code_bytes(code.as_bytes())
            }

            /// [`Self::from_code`] on raw bytes, as storage hands them over.
            pub fn from_code_bytes(code: &[u8]) -> Result<Self, $crate::domain::DomainError> {
                $(if code == $code.as_bytes() {
                    return Ok($name::$variant);
                })+
                Err($crate::domain::DomainError::UnknownCode {
                    what: $what,
                    value: String::from_utf8_lossy(code).into_owned(),
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

pub(crate) use code_enum;
