using X86Instruction = Iced.Intel.Instruction;
using Iced.Intel;
using TenantDb.ProcSandbox.Runtime.Native;

namespace TenantDb.ProcSandbox.Compiler.Verification;

/// <summary>
/// Memory operands in function code, judged by what the base register is proven to hold:
/// the frame (rbp: own frame below, own parameters above the return address), the own context
/// (fields in range; writes only to fuel and defined globals), a callee context (its memory base
/// read, its trap-exit rsp and stack limit handed over), linear memory (base + checked end + disp
/// with the access inside [0, checked end)), a checked table entry, an imported global's cell,
/// a jump table (checked index).
/// </summary>
internal static partial class RegisterFlow
{
    /// <summary>
    /// The explicit memory operand, if any. The implicit ones of allowed forms need no check here: push, pop, call,
    /// ret and leave address the stack through rsp (tracked), and rep stosq writes through rdi (checked with its count).
    /// </summary>
    private static void CheckMemoryOperand(in X86Instruction ins, in FormTraits form, FlowState s, FlowContext c)
    {
        // Only the form's r/m (or m) operand can be an explicit memory operand; it is a register in the other encoding.
        if (form.Memory == MemoryAccess.None || ins.GetOpKind(form.MemoryOperand) != OpKind.Memory) return;
        if (ins.MemoryBase == Register.RSP) c.Map.Fail((int)ins.IP, "explicit rsp-relative operand in function code");
        if (ins.IsIPRelativeMemoryOperand) return; // checked statelessly (lea of a jump table only)
        CheckMemory(ins, form.Memory, s, c);
    }

    private static void CheckMemory(in X86Instruction ins, MemoryAccess access, FlowState s, FlowContext c)
    {
        var map = c.Map;
        int at = (int)ins.IP;
        var memory = (Base: ins.MemoryBase, Index: ins.MemoryIndex, Scale: ins.MemoryIndexScale);
        long d = (long)ins.MemoryDisplacement64;
        long size = ins.MemorySize.GetSize();
        bool writes = access == MemoryAccess.Write;
        bool addressOnly = access == MemoryAccess.AddressOnly;
        if (memory.Base == Register.RBP)
        {
            if (memory.Index != Register.None) map.Fail(at, "indexed frame access");
            if (addressOnly) return;
            bool inFrame = d >= -c.Frame && d + size <= 0;
            bool inParameters = d >= 16 && d + size <= 16 + 8L * c.Parameters;
            if (!inFrame && !inParameters) map.Fail(at, $"frame access [rbp{d:+#;-#;+0}] outside the frame ({c.Frame} bytes) and the {c.Parameters} parameters");
            if (writes && s.ContextSlot is long slot && d < slot + 8 && slot < d + size) s.ContextSlot = null;
            return;
        }
        var value = s[memory.Base];
        switch (value.Kind)
        {
            case ValueKind.Context:
            {
                var layout = map.Layout.Context;
                long contextSize = layout?.Size ?? VmContextLayout.HeaderSize;
                if (memory.Index != Register.None || d < 0 || d + size > contextSize) map.Fail(at, "context access outside the context");
                if (!writes) return;
                bool fuel = (d == VmContextLayout.Fuel || d == VmContextLayout.FuelReserve) && size == 8;
                bool global = layout is not null && d >= layout.DefinedGlobals;
                if (!fuel && !global) map.Fail(at, "write to a context field generated code may not change");
                return;
            }
            case ValueKind.CalleeContext:
            {
                if (memory.Index != Register.None || size != 8) map.Fail(at, "malformed callee-context access");
                if (!writes && d == VmContextLayout.MemoryBase) return;
                var source = ins.Op1Kind == OpKind.Register ? s[ins.Op1Register].Kind : ValueKind.Unknown;
                if (writes && ins.Code == Code.Mov_rm64_r64
                    && ((d == VmContextLayout.SavedRsp && source == ValueKind.SavedRspValue) || (d == VmContextLayout.StackLimit && source == ValueKind.StackLimitValue)))
                    return;
                map.Fail(at, "callee-context access other than handing over the trap-exit rsp and stack limit");
                return;
            }
            case ValueKind.MemoryBase:
            {
                // Below the memory's minimum size, which it never goes under: a constant address (no index) or a masked index.
                long minimum = map.Layout.MinimumMemoryBytes;
                if (memory.Index == Register.None && d >= 0 && d + size <= minimum) return;
                if (memory.Index != Register.None && s[memory.Index] is { Kind: ValueKind.MaskedIndex } masked && memory.Scale == 1)
                {
                    if (d < 0 || masked.Data + d + size > minimum)
                        map.Fail(at, $"linear-memory access through an index masked to at most {masked.Data} not inside the memory's minimum size ({minimum} bytes)");
                    return;
                }
                var index = memory.Index == Register.None ? RegisterValue.Unknown : s[memory.Index];
                if (index.Kind is not (ValueKind.CheckedAddressEnd or ValueKind.SlackCheckedAddress) || memory.Scale != 1)
                    map.Fail(at, "linear-memory access whose index register was not bounds-checked against the memory size");
                // Checked against the size itself: inside [0, end); against the size minus the slack W: inside [0, address + W).
                long reach = index.Kind == ValueKind.SlackCheckedAddress ? c.MemoryLimitSlack : 0;
                if (index.Data + d < 0 || d + size > reach)
                    map.Fail(at, "linear-memory access not inside [0, checked end)");
                return;
            }
            case ValueKind.TableEntry:
                if (memory.Index != Register.None || writes || size != 8
                    || d is not (VmContextLayout.EntryTypeId or VmContextLayout.EntryCode or VmContextLayout.EntryContext))
                    map.Fail(at, "table-entry access other than reading its type, code or context");
                return;
            case ValueKind.GlobalCell:
                if (memory.Index != Register.None || d != 0 || size > 8) map.Fail(at, "imported-global access outside its cell");
                return;
            case ValueKind.JumpTable:
            {
                var index = memory.Index == Register.None ? RegisterValue.Unknown : s[memory.Index];
                var table = map.Layout.JumpTables[(int)value.Data];
                if (writes || d != 0 || size != 4 || memory.Scale != 4 || index.Kind != ValueKind.CheckedJumpIndex || index.Data > table.EntryCount)
                    map.Fail(at, "jump-table read without an index checked against the table's length");
                return;
            }
            default:
                map.Fail(at, $"memory operand based on {memory.Base}, which holds {value.Kind}, not an address generated code may use");
                return;
        }
    }
}
