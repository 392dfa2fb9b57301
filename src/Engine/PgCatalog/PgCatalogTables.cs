namespace TenantDb.Engine.PgCatalog;

/// <summary>
/// The relations of the emulated <c>pg_catalog</c> and <c>information_schema</c>, with PostgreSQL 15's
/// columns in PostgreSQL's order. Relations that describe features SQLite lacks (policies, publications,
/// extended statistics, inheritance) exist and are empty, so the queries psql and drivers send run.
/// </summary>
internal static class PgCatalogTables
{
    public static readonly PgCatalogTable Namespace = PgCatalogTable.Define("pg_namespace",
        "oid oid, nspname name, nspowner oid, nspacl _aclitem");

    public static readonly PgCatalogTable Class = PgCatalogTable.Define("pg_class",
        "oid oid, relname name, relnamespace oid, reltype oid, reloftype oid, relowner oid, relam oid, relfilenode oid, " +
        "reltablespace oid, relpages int4, reltuples float4, relallvisible int4, reltoastrelid oid, relhasindex bool, " +
        "relisshared bool, relpersistence \"char\", relkind \"char\", relnatts int2, relchecks int2, relhasrules bool, " +
        "relhastriggers bool, relhassubclass bool, relrowsecurity bool, relforcerowsecurity bool, relispopulated bool, " +
        "relreplident \"char\", relispartition bool, relrewrite oid, relfrozenxid xid, relminmxid xid, relacl _aclitem, " +
        "reloptions _text, relpartbound pg_node_tree");

    public static readonly PgCatalogTable Attribute = PgCatalogTable.Define("pg_attribute",
        "attrelid oid, attname name, atttypid oid, attstattarget int4, attlen int2, attnum int2, attndims int4, " +
        "attcacheoff int4, atttypmod int4, attbyval bool, attalign \"char\", attstorage \"char\", attcompression \"char\", " +
        "attnotnull bool, atthasdef bool, atthasmissing bool, attidentity \"char\", attgenerated \"char\", attisdropped bool, " +
        "attislocal bool, attinhcount int4, attcollation oid, attacl _aclitem, attoptions _text, attfdwoptions _text, " +
        "attmissingval text");

    public static readonly PgCatalogTable AttrDef = PgCatalogTable.Define("pg_attrdef",
        "oid oid, adrelid oid, adnum int2, adbin pg_node_tree");

    public static readonly PgCatalogTable Type = PgCatalogTable.Define("pg_type",
        "oid oid, typname name, typnamespace oid, typowner oid, typlen int2, typbyval bool, typtype \"char\", " +
        "typcategory \"char\", typispreferred bool, typisdefined bool, typdelim \"char\", typrelid oid, typsubscript regproc, " +
        "typelem oid, typarray oid, typinput regproc, typoutput regproc, typreceive regproc, typsend regproc, " +
        "typmodin regproc, typmodout regproc, typanalyze regproc, typalign \"char\", typstorage \"char\", typnotnull bool, " +
        "typbasetype oid, typtypmod int4, typndims int4, typcollation oid, typdefaultbin pg_node_tree, typdefault text, typacl _aclitem");

    public static readonly PgCatalogTable Index = PgCatalogTable.Define("pg_index",
        "indexrelid oid, indrelid oid, indnatts int2, indnkeyatts int2, indisunique bool, indnullsnotdistinct bool, " +
        "indisprimary bool, indisexclusion bool, indimmediate bool, indisclustered bool, indisvalid bool, " +
        "indcheckxmin bool, indisready bool, indislive bool, indisreplident bool, indkey int2vector, " +
        "indcollation oidvector, indclass oidvector, indoption int2vector, indexprs pg_node_tree, indpred pg_node_tree");

    public static readonly PgCatalogTable Constraint = PgCatalogTable.Define("pg_constraint",
        "oid oid, conname name, connamespace oid, contype \"char\", condeferrable bool, condeferred bool, convalidated bool, " +
        "conrelid oid, contypid oid, conindid oid, conparentid oid, confrelid oid, confupdtype \"char\", confdeltype \"char\", " +
        "confmatchtype \"char\", conislocal bool, coninhcount int4, connoinherit bool, conkey _int2, confkey _int2, " +
        "conpfeqop _oid, conppeqop _oid, conffeqop _oid, confdelsetcols _int2, conexclop _oid, conbin pg_node_tree");

    public static readonly PgCatalogTable Database = PgCatalogTable.Define("pg_database",
        "oid oid, datname name, datdba oid, encoding int4, datlocprovider \"char\", datistemplate bool, datallowconn bool, " +
        "datconnlimit int4, datfrozenxid xid, datminmxid xid, dattablespace oid, datcollate text, datctype text, " +
        "daticulocale text, datcollversion text, datacl _aclitem");

    public static readonly PgCatalogTable Roles = PgCatalogTable.Define("pg_roles",
        "rolname name, rolsuper bool, rolinherit bool, rolcreaterole bool, rolcreatedb bool, rolcanlogin bool, " +
        "rolreplication bool, rolconnlimit int4, rolpassword text, rolvaliduntil timestamptz, rolbypassrls bool, " +
        "rolconfig _text, oid oid");

    public static readonly PgCatalogTable User = PgCatalogTable.Define("pg_user",
        "usename name, usesysid oid, usecreatedb bool, usesuper bool, userepl bool, usebypassrls bool, passwd text, " +
        "valuntil timestamptz, useconfig _text");

    public static readonly PgCatalogTable AuthMembers = PgCatalogTable.Define("pg_auth_members",
        "oid oid, roleid oid, member oid, grantor oid, admin_option bool");

    public static readonly PgCatalogTable Proc = PgCatalogTable.Define("pg_proc",
        "oid oid, proname name, pronamespace oid, proowner oid, prolang oid, procost float4, prorows float4, " +
        "provariadic oid, prosupport regproc, prokind \"char\", prosecdef bool, proleakproof bool, proisstrict bool, " +
        "proretset bool, provolatile \"char\", proparallel \"char\", pronargs int2, pronargdefaults int2, prorettype oid, " +
        "proargtypes oidvector, proallargtypes _oid, proargmodes _char, proargnames _text, proargdefaults pg_node_tree, " +
        "protrftypes _oid, prosrc text, probin text, prosqlbody pg_node_tree, proconfig _text, proacl _aclitem");

    public static readonly PgCatalogTable Language = PgCatalogTable.Define("pg_language",
        "oid oid, lanname name, lanowner oid, lanispl bool, lanpltrusted bool, lanplcallfoid oid, laninline oid, " +
        "lanvalidator oid, lanacl _aclitem");

    public static readonly PgCatalogTable Description = PgCatalogTable.Define("pg_description",
        "objoid oid, classoid oid, objsubid int4, description text");

    public static readonly PgCatalogTable Settings = PgCatalogTable.Define("pg_settings",
        "name text, setting text, unit text, category text, short_desc text, extra_desc text, context text, vartype text, " +
        "source text, min_val text, max_val text, enumvals _text, boot_val text, reset_val text, sourcefile text, " +
        "sourceline int4, pending_restart bool");

    public static readonly PgCatalogTable AccessMethod = PgCatalogTable.Define("pg_am",
        "oid oid, amname name, amhandler regproc, amtype \"char\"");

    public static readonly PgCatalogTable Collation = PgCatalogTable.Define("pg_collation",
        "oid oid, collname name, collnamespace oid, collowner oid, collprovider \"char\", collisdeterministic bool, " +
        "collencoding int4, collcollate text, collctype text, colliculocale text, collversion text");

    public static readonly PgCatalogTable Tablespace = PgCatalogTable.Define("pg_tablespace",
        "oid oid, spcname name, spcowner oid, spcacl _aclitem, spcoptions _text");

    public static readonly PgCatalogTable Trigger = PgCatalogTable.Define("pg_trigger",
        "oid oid, tgrelid oid, tgparentid oid, tgname name, tgfoid oid, tgtype int2, tgenabled \"char\", tgisinternal bool, " +
        "tgconstrrelid oid, tgconstrindid oid, tgconstraint oid, tgdeferrable bool, tginitdeferred bool, tgnargs int2, " +
        "tgattr int2vector, tgargs bytea, tgqual pg_node_tree, tgoldtable name, tgnewtable name");

    public static readonly PgCatalogTable Sequence = PgCatalogTable.Define("pg_sequence",
        "seqrelid oid, seqtypid oid, seqstart int8, seqincrement int8, seqmax int8, seqmin int8, seqcache int8, seqcycle bool");

    /// <summary>Only the dependencies of serial columns' sequences (Django finds a table's sequences through them).</summary>
    public static readonly PgCatalogTable Depend = PgCatalogTable.Define("pg_depend",
        "classid oid, objid oid, objsubid int4, refclassid oid, refobjid oid, refobjsubid int4, deptype \"char\"");

    public static readonly PgCatalogTable StatActivity = PgCatalogTable.Define("pg_stat_activity",
        "datid oid, datname name, pid int4, leader_pid int4, usesysid oid, usename name, application_name text, " +
        "client_addr text, client_hostname text, client_port int4, backend_start timestamptz, xact_start timestamptz, " +
        "query_start timestamptz, state_change timestamptz, wait_event_type text, wait_event text, state text, " +
        "backend_xid xid, backend_xmin xid, query_id int8, query text, backend_type text");

    /// <summary>Relations with PostgreSQL's columns that stay empty: the features do not exist in TenantDb.</summary>
    public static readonly PgCatalogTable[] AlwaysEmpty =
    [
        PgCatalogTable.Define("pg_extension", "oid oid, extname name, extowner oid, extnamespace oid, extrelocatable bool, extversion text, extconfig _oid, extcondition _text"),
        PgCatalogTable.Define("pg_inherits", "inhrelid oid, inhparent oid, inhseqno int4, inhdetachpending bool"),
        PgCatalogTable.Define("pg_policy", "oid oid, polname name, polrelid oid, polcmd \"char\", polpermissive bool, polroles _oid, polqual pg_node_tree, polwithcheck pg_node_tree"),
        PgCatalogTable.Define("pg_statistic_ext", "oid oid, stxrelid oid, stxname name, stxnamespace oid, stxowner oid, stxstattarget int4, stxkeys int2vector, stxkind _char, stxexprs pg_node_tree"),
        PgCatalogTable.Define("pg_publication", "oid oid, pubname name, pubowner oid, puballtables bool, pubinsert bool, pubupdate bool, pubdelete bool, pubtruncate bool, pubviaroot bool"),
        PgCatalogTable.Define("pg_publication_namespace", "oid oid, pnpubid oid, pnnspid oid"),
        PgCatalogTable.Define("pg_publication_rel", "oid oid, prpubid oid, prrelid oid, prqual pg_node_tree, prattrs int2vector"),
        PgCatalogTable.Define("pg_rewrite", "oid oid, rulename name, ev_class oid, ev_type \"char\", ev_enabled \"char\", is_instead bool, ev_qual pg_node_tree, ev_action pg_node_tree"),
        PgCatalogTable.Define("pg_enum", "oid oid, enumtypid oid, enumsortorder float4, enumlabel name"),
        PgCatalogTable.Define("pg_range", "rngtypid oid, rngsubtype oid, rngmultitypid oid, rngcollation oid, rngsubopc oid, rngcanonical regproc, rngsubdiff regproc"),
        PgCatalogTable.Define("pg_foreign_table", "ftrelid oid, ftserver oid, ftoptions _text"),
        PgCatalogTable.Define("pg_partitioned_table", "partrelid oid, partstrat \"char\", partnatts int2, partdefid oid, partattrs int2vector, partclass oidvector, partcollation oidvector, partexprs pg_node_tree"),
        PgCatalogTable.Define("pg_event_trigger", "oid oid, evtname name, evtevent name, evtowner oid, evtfoid oid, evtenabled \"char\", evttags _text"),
        PgCatalogTable.Define("pg_cast", "oid oid, castsource oid, casttarget oid, castfunc oid, castcontext \"char\", castmethod \"char\""),
        PgCatalogTable.Define("pg_operator", "oid oid, oprname name, oprnamespace oid, oprowner oid, oprkind \"char\", oprcanmerge bool, oprcanhash bool, oprleft oid, oprright oid, oprresult oid, oprcom oid, oprnegate oid, oprcode regproc, oprrest regproc, oprjoin regproc"),
        PgCatalogTable.Define("pg_opclass", "oid oid, opcmethod oid, opcname name, opcnamespace oid, opcowner oid, opcfamily oid, opcintype oid, opcdefault bool, opckeytype oid"),
        PgCatalogTable.Define("pg_matviews", "schemaname name, matviewname name, matviewowner name, tablespace name, hasindexes bool, ispopulated bool, definition text"),
    ];

    // information_schema: the SQL standard's views, as PostgreSQL 15 defines their columns.
    public static readonly PgCatalogTable InfoSchemata = PgCatalogTable.Define("information_schema.schemata",
        "catalog_name name, schema_name name, schema_owner name, default_character_set_catalog name, " +
        "default_character_set_schema name, default_character_set_name name, sql_path text");

    public static readonly PgCatalogTable InfoTables = PgCatalogTable.Define("information_schema.tables",
        "table_catalog name, table_schema name, table_name name, table_type text, self_referencing_column_name name, " +
        "reference_generation text, user_defined_type_catalog name, user_defined_type_schema name, " +
        "user_defined_type_name name, is_insertable_into text, is_typed text, commit_action text");

    public static readonly PgCatalogTable InfoColumns = PgCatalogTable.Define("information_schema.columns",
        "table_catalog name, table_schema name, table_name name, column_name name, ordinal_position int4, " +
        "column_default text, is_nullable text, data_type text, character_maximum_length int4, character_octet_length int4, " +
        "numeric_precision int4, numeric_precision_radix int4, numeric_scale int4, datetime_precision int4, " +
        "interval_type text, interval_precision int4, character_set_catalog name, character_set_schema name, " +
        "character_set_name name, collation_catalog name, collation_schema name, collation_name name, domain_catalog name, " +
        "domain_schema name, domain_name name, udt_catalog name, udt_schema name, udt_name name, scope_catalog name, " +
        "scope_schema name, scope_name name, maximum_cardinality int4, dtd_identifier name, is_self_referencing text, " +
        "is_identity text, identity_generation text, identity_start text, identity_increment text, identity_maximum text, " +
        "identity_minimum text, identity_cycle text, is_generated text, generation_expression text, is_updatable text");

    public static readonly PgCatalogTable InfoViews = PgCatalogTable.Define("information_schema.views",
        "table_catalog name, table_schema name, table_name name, view_definition text, check_option text, " +
        "is_updatable text, is_insertable_into text, is_trigger_updatable text, is_trigger_deletable text, " +
        "is_trigger_insertable_into text");

    public static readonly PgCatalogTable InfoTableConstraints = PgCatalogTable.Define("information_schema.table_constraints",
        "constraint_catalog name, constraint_schema name, constraint_name name, table_catalog name, table_schema name, " +
        "table_name name, constraint_type text, is_deferrable text, initially_deferred text, enforced text, nulls_distinct text");

    public static readonly PgCatalogTable InfoKeyColumnUsage = PgCatalogTable.Define("information_schema.key_column_usage",
        "constraint_catalog name, constraint_schema name, constraint_name name, table_catalog name, table_schema name, " +
        "table_name name, column_name name, ordinal_position int4, position_in_unique_constraint int4");

    public static readonly PgCatalogTable InfoReferentialConstraints = PgCatalogTable.Define("information_schema.referential_constraints",
        "constraint_catalog name, constraint_schema name, constraint_name name, unique_constraint_catalog name, " +
        "unique_constraint_schema name, unique_constraint_name name, match_option text, update_rule text, delete_rule text");

    /// <summary>Every relation, in creation order.</summary>
    public static readonly IReadOnlyList<PgCatalogTable> All =
    [
        Namespace, Class, Attribute, AttrDef, Type, Index, Constraint, Database, Roles, User, AuthMembers, Proc, Language,
        Description, Settings, AccessMethod, Collation, Tablespace, Trigger, Sequence, Depend, StatActivity, .. AlwaysEmpty,
        InfoSchemata, InfoTables, InfoColumns, InfoViews, InfoTableConstraints, InfoKeyColumnUsage, InfoReferentialConstraints,
    ];
}
