//! The parsed form of a `#[derive(SObject)]` struct: every attribute read, nothing
//! checked yet beyond syntax (that is `valid.rs`).

use heck::ToUpperCamelCase;
use proc_macro2::Span;
use syn::{Data, DeriveInput, Fields, Ident, Type, Visibility};

use crate::attr::{self, Errors, Slot, Spanned};

pub struct Object<'a> {
    pub ident: &'a Ident,
    pub vis: &'a Visibility,
    pub generics: &'a syn::Generics,
    /// `api_name = ".."` on the struct, or the struct name.
    pub api_name: String,
    pub key_prefix: Option<String>,
    pub fields: Vec<FieldDef<'a>>,
}

pub struct FieldDef<'a> {
    pub ident: &'a Ident,
    /// The field's token type (`LastName` for `last_name`), unique in the struct.
    pub token: Ident,
    pub ty: &'a Type,
    pub role: Role,
}

/// What a struct field stands for.
pub enum Role {
    Scalar(Box<Scalar>),
    Parent(Relationship),
    Child(Relationship),
    /// `#[sobject(skip)]`: not a Salesforce field; filled with `Default` on read.
    Skip,
}

pub struct Scalar {
    pub api_name: String,
    pub api_name_span: Span,
    pub describe_type: Option<String>,
    pub createable: bool,
    pub updateable: bool,
    pub nillable: bool,
    pub calculated: bool,
    pub external_id: bool,
    pub id_lookup: bool,
    pub reference_to: Vec<String>,
    pub relationship_name: Option<String>,
    /// Capabilities that were both forced off (readonly/calculated/auto_number/Id) and
    /// explicitly asked for: reported by `valid.rs`.
    pub conflicts: Vec<Spanned<String>>,
}

pub struct Relationship {
    /// The relationship name used in SOQL (`Account`, `Contacts`).
    pub name: String,
    pub name_span: Span,
    /// The lookup field (`AccountId`); for a child, the lookup on the child.
    pub field: Option<String>,
    pub polymorphic: bool,
}

impl<'a> Object<'a> {
    /// Reads the struct; attribute errors go to `errors` (all of them, not only the
    /// first) and `None` means the input is not a struct this derive can read at all.
    pub fn from_syn(input: &'a DeriveInput, errors: &mut Errors) -> Option<Self> {
        let mut api_name = Slot::new("api_name");
        let mut key_prefix = Slot::new("key_prefix");
        attr::for_each_arg(&input.attrs, "sobject", errors, |meta, errors| {
            let span = meta.path.span_of_first();
            match attr::key_name(meta).as_str() {
                "api_name" => api_name.set(span, attr::string(meta)?, errors),
                "key_prefix" => key_prefix.set(span, attr::string(meta)?, errors),
                other => {
                    return Err(meta.error(format!(
                        "unknown sobject attribute `{other}` on a struct (expected `api_name` or `key_prefix`)"
                    )))
                }
            }
            Ok(())
        });

        let named = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => Some(&named.named),
                _ => None,
            },
            _ => None,
        };
        let Some(named) = named else {
            errors.push(syn::Error::new_spanned(
                &input.ident,
                "#[derive(SObject)] needs a struct with named fields",
            ));
            return None;
        };

        let mut fields = Vec::new();
        let idents: Vec<&Ident> = named
            .iter()
            .map(|f| f.ident.as_ref().expect("named field"))
            .collect();
        let tokens = crate::expand::tokens::tokens(&idents);
        for ((field, ident), token) in named.iter().zip(idents).zip(tokens) {
            fields.push(FieldDef {
                ident,
                token,
                ty: &field.ty,
                role: parse_field(field, ident, errors),
            });
        }
        Some(Object {
            ident: &input.ident,
            vis: &input.vis,
            generics: &input.generics,
            api_name: api_name
                .take()
                .map(|s| s.value)
                .unwrap_or_else(|| input.ident.to_string()),
            key_prefix: key_prefix.take().map(|s| s.value),
            fields,
        })
    }

    pub fn scalars(&self) -> impl Iterator<Item = (&FieldDef<'a>, &Scalar)> {
        self.fields.iter().filter_map(|f| match &f.role {
            Role::Scalar(s) => Some((f, &**s)),
            _ => None,
        })
    }
}

/// Every key a field attribute may carry, as written.
#[derive(Default)]
struct FieldKeys {
    api_name: Option<Spanned<String>>,
    kind: Option<Spanned<String>>,
    createable: Option<Spanned<bool>>,
    updateable: Option<Spanned<bool>>,
    nillable: Option<Spanned<bool>>,
    readonly: Option<Spanned<bool>>,
    calculated: Option<Spanned<bool>>,
    auto_number: Option<Spanned<bool>>,
    external_id: Option<Spanned<bool>>,
    id_lookup: Option<Spanned<bool>>,
    reference_to: Option<Spanned<String>>,
    relationship_name: Option<Spanned<String>>,
    parent: Option<Spanned<String>>,
    child: Option<Spanned<String>>,
    field: Option<Spanned<String>>,
    polymorphic: Option<Spanned<bool>>,
    skip: Option<Spanned<bool>>,
}

fn set<T>(slot: &mut Option<Spanned<T>>, name: &str, span: Span, value: T, errors: &mut Errors) {
    if slot.is_some() {
        errors.push(syn::Error::new(
            span,
            format!("duplicate `{name}` attribute"),
        ));
    } else {
        *slot = Some(Spanned { value, span });
    }
}

fn parse_field(field: &syn::Field, ident: &Ident, errors: &mut Errors) -> Role {
    let mut k = FieldKeys::default();
    attr::for_each_arg(&field.attrs, "sobject", errors, |meta, errors| {
        let span = meta.path.span_of_first();
        let name = attr::key_name(meta);
        match name.as_str() {
            "api_name" => set(&mut k.api_name, &name, span, attr::string(meta)?, errors),
            "kind" => set(&mut k.kind, &name, span, attr::string(meta)?, errors),
            "createable" => set(&mut k.createable, &name, span, attr::flag(meta)?, errors),
            "updateable" => set(&mut k.updateable, &name, span, attr::flag(meta)?, errors),
            "nillable" => set(&mut k.nillable, &name, span, attr::flag(meta)?, errors),
            "readonly" => set(&mut k.readonly, &name, span, attr::flag(meta)?, errors),
            "calculated" => set(&mut k.calculated, &name, span, attr::flag(meta)?, errors),
            "auto_number" => set(&mut k.auto_number, &name, span, attr::flag(meta)?, errors),
            "external_id" => set(&mut k.external_id, &name, span, attr::flag(meta)?, errors),
            "id_lookup" => set(&mut k.id_lookup, &name, span, attr::flag(meta)?, errors),
            // Carried by the describe but not needed at runtime: accepted and checked for syntax.
            "unique" => {
                attr::flag(meta)?;
            }
            "length" => {
                attr::integer(meta)?;
            }
            "reference_to" => set(
                &mut k.reference_to,
                &name,
                span,
                attr::string(meta)?,
                errors,
            ),
            "relationship_name" => set(
                &mut k.relationship_name,
                &name,
                span,
                attr::string(meta)?,
                errors,
            ),
            "parent" => set(&mut k.parent, &name, span, attr::string(meta)?, errors),
            "child" => set(&mut k.child, &name, span, attr::string(meta)?, errors),
            "field" => set(&mut k.field, &name, span, attr::string(meta)?, errors),
            "polymorphic" => set(&mut k.polymorphic, &name, span, attr::flag(meta)?, errors),
            "skip" => set(&mut k.skip, &name, span, attr::flag(meta)?, errors),
            other => {
                return Err(meta.error(format!("unknown sobject attribute `{other}`")));
            }
        }
        Ok(())
    });
    build_role(k, ident, errors)
}

fn flag_of(v: &Option<Spanned<bool>>) -> bool {
    v.as_ref().is_some_and(|s| s.value)
}

fn build_role(k: FieldKeys, ident: &Ident, errors: &mut Errors) -> Role {
    let scalar_only: [(&str, Option<Span>); 11] = [
        ("api_name", k.api_name.as_ref().map(|s| s.span)),
        ("kind", k.kind.as_ref().map(|s| s.span)),
        ("createable", k.createable.as_ref().map(|s| s.span)),
        ("updateable", k.updateable.as_ref().map(|s| s.span)),
        ("nillable", k.nillable.as_ref().map(|s| s.span)),
        ("readonly", k.readonly.as_ref().map(|s| s.span)),
        ("calculated", k.calculated.as_ref().map(|s| s.span)),
        ("auto_number", k.auto_number.as_ref().map(|s| s.span)),
        ("external_id", k.external_id.as_ref().map(|s| s.span)),
        ("id_lookup", k.id_lookup.as_ref().map(|s| s.span)),
        ("reference_to", k.reference_to.as_ref().map(|s| s.span)),
    ];

    if flag_of(&k.skip) {
        let others = scalar_only.iter().filter_map(|(n, s)| s.map(|s| (*n, s)));
        let rel = [
            ("parent", k.parent.as_ref().map(|s| s.span)),
            ("child", k.child.as_ref().map(|s| s.span)),
            ("field", k.field.as_ref().map(|s| s.span)),
        ];
        for (name, span) in others.chain(rel.iter().filter_map(|(n, s)| s.map(|s| (*n, s)))) {
            errors.push(syn::Error::new(
                span,
                format!("`{name}` has no meaning on a `skip` field"),
            ));
        }
        return Role::Skip;
    }

    if let (Some(_), Some(c)) = (&k.parent, &k.child) {
        errors.push(syn::Error::new(
            c.span,
            "a field is either a `parent` or a `child` relationship, not both",
        ));
    }

    if let Some(rel) = k.parent.as_ref().or(k.child.as_ref()) {
        let which = if k.parent.is_some() {
            "parent"
        } else {
            "child"
        };
        for (name, span) in scalar_only.iter().filter_map(|(n, s)| s.map(|s| (*n, s))) {
            errors.push(syn::Error::new(
                span,
                format!("`{name}` applies to scalar fields, not to a `{which}` relationship field"),
            ));
        }
        if k.child.is_some() {
            if let Some(p) = &k.polymorphic {
                errors.push(syn::Error::new(
                    p.span,
                    "`polymorphic` applies to parent relationships only",
                ));
            }
        }
        let relationship = Relationship {
            name: rel.value.clone(),
            name_span: rel.span,
            field: k.field.map(|f| f.value),
            polymorphic: flag_of(&k.polymorphic),
        };
        return if k.parent.is_some() {
            Role::Parent(relationship)
        } else {
            Role::Child(relationship)
        };
    }

    for (name, slot) in [("field", k.field.as_ref().map(|s| s.span))] {
        if let Some(span) = slot {
            errors.push(syn::Error::new(
                span,
                format!("`{name}` needs `parent = \"..\"` or `child = \"..\"`"),
            ));
        }
    }
    if let Some(p) = &k.polymorphic {
        errors.push(syn::Error::new(
            p.span,
            "`polymorphic` needs `parent = \"..\"`",
        ));
    }

    let (api_name, api_name_span) = match k.api_name {
        Some(s) => (s.value, s.span),
        None => (default_api_name(ident), ident.span()),
    };
    let is_id = api_name == "Id";
    let calculated = flag_of(&k.calculated);
    let readonly = flag_of(&k.readonly) || calculated || flag_of(&k.auto_number) || is_id;
    let reason = if calculated {
        "a formula (calculated) field"
    } else if flag_of(&k.auto_number) {
        "an auto-number field"
    } else if flag_of(&k.readonly) {
        "a `readonly` field"
    } else {
        "the `Id` field"
    };
    let mut conflicts = Vec::new();
    let mut capability = |slot: &Option<Spanned<bool>>, name: &str| -> bool {
        match slot {
            Some(s) if s.value && readonly => {
                conflicts.push(Spanned {
                    value: format!("{reason} cannot be `{name}`"),
                    span: s.span,
                });
                false
            }
            Some(s) => s.value,
            None => !readonly,
        }
    };
    let createable = capability(&k.createable, "createable");
    let updateable = capability(&k.updateable, "updateable");
    let nillable = match &k.nillable {
        Some(s) => s.value,
        None => !is_id,
    };
    let reference_to = k
        .reference_to
        .map(|s| {
            s.value
                .split(',')
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty())
                .collect()
        })
        .unwrap_or_default();
    Role::Scalar(Box::new(Scalar {
        api_name,
        api_name_span,
        describe_type: k.kind.map(|s| s.value),
        createable,
        updateable,
        nillable,
        calculated,
        external_id: flag_of(&k.external_id),
        id_lookup: flag_of(&k.id_lookup) || is_id,
        reference_to,
        relationship_name: k.relationship_name.map(|s| s.value),
        conflicts,
    }))
}

/// `last_name` → `LastName`, the convention for standard fields.
fn default_api_name(ident: &Ident) -> String {
    let name = ident.to_string();
    name.strip_prefix("r#")
        .unwrap_or(&name)
        .to_upper_camel_case()
}

trait SpanOfFirst {
    fn span_of_first(&self) -> Span;
}

impl SpanOfFirst for syn::Path {
    fn span_of_first(&self) -> Span {
        self.segments
            .first()
            .map(|s| s.ident.span())
            .unwrap_or_else(Span::call_site)
    }
}
