using System.Globalization;
using System.Text;

namespace TenantDb.ProcSandbox.Tests.Differential;

/// <summary>
/// Generates random, valid WebAssembly modules in WAT text for differential testing.
/// Every module exports <c>run (param i32 i64 f64) (result T)</c>; functions only call
/// functions with a higher index and loops have constant trip counts, so every program
/// terminates. Programs may trap (division, conversion, out-of-bounds memory, unreachable).
/// </summary>
/// <remarks>
/// Results must be deterministic across conforming engines, so the generator avoids the
/// spec's only nondeterminism, the sign and payload of NaNs: no float-to-int reinterpret,
/// no copysign with a computed sign source, no float stores read back as integers.
/// </remarks>
internal sealed class RandomModuleGenerator
{
    private static readonly string[] s_types = ["i32", "i64", "f32", "f64"];

    // Locals: 0 i32, 1 i64, 2 f64 (parameters); 3 i32, 4 i64, 5 f32, 6 f64 (scratch); 7, 8 loop counters.
    private static readonly int[][] s_localsByType =
    [
        [0, 3], // i32
        [1, 4], // i64
        [5],    // f32
        [2, 6], // f64
    ];

    private readonly Random _random;
    private readonly StringBuilder _text = new();
    private readonly int _functionCount;
    private readonly int[] _resultTypes;
    private int _currentFunction;
    private int _loopDepth;

    public RandomModuleGenerator(int seed, int functionCount = 4)
    {
        _random = new Random(seed);
        _functionCount = functionCount;
        _resultTypes = new int[functionCount];
        for (int i = 0; i < functionCount; i++) _resultTypes[i] = _random.Next(4);
    }

    /// <summary>The result type of the exported <c>run</c> function.</summary>
    public string RunResultType => s_types[_resultTypes[0]];

    public string Generate()
    {
        _text.Append("(module\n  (memory 1)\n");
        _text.Append("  (data (i32.const 0) \"\\01\\02\\03\\04\\05\\06\\07\\08\\f0\\e1\\d2\\c3\\b4\\a5\\96\\87\")\n");
        for (_currentFunction = 0; _currentFunction < _functionCount; _currentFunction++)
        {
            int result = _resultTypes[_currentFunction];
            _text.Append(CultureInfo.InvariantCulture,
                $"  (func $f{_currentFunction} (param i32 i64 f64) (result {s_types[result]}) (local i32 i64 f32 f64 i32 i32)\n    ");
            int statements = _random.Next(3);
            for (int s = 0; s < statements; s++)
            {
                Statement(3);
                _text.Append("\n    ");
            }
            Expression(result, 4);
            _text.Append(")\n");
        }
        _text.Append("  (export \"run\" (func $f0)))\n");
        return _text.ToString();
    }

    private void Statement(int depth)
    {
        switch (_random.Next(5))
        {
            case 0:
            case 1:
            {
                int type = _random.Next(4);
                var locals = s_localsByType[type];
                _text.Append(CultureInfo.InvariantCulture, $"(local.set {locals[_random.Next(locals.Length)]} ");
                Expression(type, depth);
                _text.Append(')');
                break;
            }
            case 2:
                Store(depth);
                break;
            case 3 when _loopDepth < 2 && depth > 0:
                Loop(depth);
                break;
            default:
                _text.Append("(drop ");
                Expression(_random.Next(4), depth);
                _text.Append(')');
                break;
        }
    }

    private void Loop(int depth)
    {
        int counter = 7 + _loopDepth;
        int trips = 1 + _random.Next(5);
        _loopDepth++;
        _text.Append(CultureInfo.InvariantCulture, $"(local.set {counter} (i32.const {trips})) (loop ");
        int body = 1 + _random.Next(2);
        for (int i = 0; i < body; i++)
        {
            Statement(depth - 1);
            _text.Append(' ');
        }
        _text.Append(CultureInfo.InvariantCulture,
            $"(br_if 0 (i32.gt_s (local.tee {counter} (i32.sub (local.get {counter}) (i32.const 1))) (i32.const 0))))");
        _loopDepth--;
    }

    private void Store(int depth)
    {
        // Only integer stores: float stores would let NaN bit patterns leak into integer loads.
        int type = _random.Next(2);
        string op = type == 0
            ? Pick("i32.store", "i32.store8", "i32.store16")
            : Pick("i64.store", "i64.store8", "i64.store16", "i64.store32");
        _text.Append(CultureInfo.InvariantCulture, $"({op} offset={_random.Next(8)} ");
        Address(depth);
        _text.Append(' ');
        Expression(type, depth - 1);
        _text.Append(')');
    }

    private void Address(int depth)
    {
        if (_random.Next(10) == 0)
        {
            Expression(0, depth - 1); // anything: may be out of bounds and trap
            return;
        }
        _text.Append("(i32.and ");
        Expression(0, depth - 1);
        _text.Append(CultureInfo.InvariantCulture, $" (i32.const {(_random.Next(4) == 0 ? 0xFFFF : 0xFF)}))");
    }

    private void Expression(int type, int depth)
    {
        if (depth <= 0)
        {
            Leaf(type);
            return;
        }
        int choice = _random.Next(16);
        switch (choice)
        {
            case 0:
            case 1:
                Leaf(type);
                break;
            case 2:
            case 3:
            case 4:
                Binary(type, depth);
                break;
            case 5:
            case 6:
                Unary(type, depth);
                break;
            case 7:
                Convert(type, depth);
                break;
            case 8:
                Load(type, depth);
                break;
            case 9:
                _text.Append("(select ");
                Expression(type, depth - 1);
                _text.Append(' ');
                Expression(type, depth - 1);
                _text.Append(' ');
                Expression(0, depth - 1);
                _text.Append(')');
                break;
            case 10:
                _text.Append(CultureInfo.InvariantCulture, $"(if (result {s_types[type]}) ");
                Expression(0, depth - 1);
                _text.Append(" (then ");
                Expression(type, depth - 1);
                _text.Append(") (else ");
                Expression(type, depth - 1);
                _text.Append("))");
                break;
            case 11:
                // A block whose value may come from an early br_if exit.
                _text.Append(CultureInfo.InvariantCulture, $"(block (result {s_types[type]}) ");
                _text.Append("(br_if 0 ");
                Expression(type, depth - 1);
                _text.Append(' ');
                Expression(0, depth - 1);
                _text.Append(") (drop) ");
                Expression(type, depth - 1);
                _text.Append(')');
                break;
            case 12 when type <= 1 || depth > 1:
                Compare(type, depth);
                break;
            case 13:
                Call(type, depth);
                break;
            case 14:
            {
                var locals = s_localsByType[type];
                _text.Append(CultureInfo.InvariantCulture, $"(local.tee {locals[_random.Next(locals.Length)]} ");
                Expression(type, depth - 1);
                _text.Append(')');
                break;
            }
            case 15 when _random.Next(8) == 0:
                _text.Append(CultureInfo.InvariantCulture, $"(block (result {s_types[type]}) (if ");
                Expression(0, depth - 1);
                _text.Append(" (then unreachable)) ");
                Expression(type, depth - 1);
                _text.Append(')');
                break;
            default:
                Binary(type, depth);
                break;
        }
    }

    private void Call(int type, int depth)
    {
        var candidates = new List<int>();
        for (int f = _currentFunction + 1; f < _functionCount; f++)
        {
            if (_resultTypes[f] == type) candidates.Add(f);
        }
        if (candidates.Count == 0)
        {
            Binary(type, depth);
            return;
        }
        _text.Append(CultureInfo.InvariantCulture, $"(call $f{candidates[_random.Next(candidates.Count)]} ");
        Expression(0, depth - 1);
        _text.Append(' ');
        Expression(1, depth - 1);
        _text.Append(' ');
        Expression(3, depth - 1);
        _text.Append(')');
    }

    private void Compare(int type, int depth)
    {
        if (type != 0)
        {
            // A comparison yields i32; widen it to the wanted type.
            _text.Append(type switch
            {
                1 => "(i64.extend_i32_u ",
                2 => "(f32.convert_i32_s ",
                _ => "(f64.convert_i32_s ",
            });
            Compare(0, depth);
            _text.Append(')');
            return;
        }
        int operand = _random.Next(4);
        string op = operand switch
        {
            0 => Pick("i32.eq", "i32.ne", "i32.lt_s", "i32.lt_u", "i32.gt_s", "i32.gt_u", "i32.le_s", "i32.le_u", "i32.ge_s", "i32.ge_u"),
            1 => Pick("i64.eq", "i64.ne", "i64.lt_s", "i64.lt_u", "i64.gt_s", "i64.gt_u", "i64.le_s", "i64.le_u", "i64.ge_s", "i64.ge_u"),
            2 => Pick("f32.eq", "f32.ne", "f32.lt", "f32.gt", "f32.le", "f32.ge"),
            _ => Pick("f64.eq", "f64.ne", "f64.lt", "f64.gt", "f64.le", "f64.ge"),
        };
        if (_random.Next(6) == 0)
        {
            _text.Append(operand switch { 0 => "(i32.eqz ", 1 => "(i64.eqz ", _ => "(i32.eqz (" + op + " " });
            if (operand >= 2)
            {
                Expression(operand, depth - 1);
                _text.Append(' ');
                Expression(operand, depth - 1);
                _text.Append("))");
            }
            else
            {
                Expression(operand, depth - 1);
                _text.Append(')');
            }
            return;
        }
        _text.Append('(').Append(op).Append(' ');
        Expression(operand, depth - 1);
        _text.Append(' ');
        Expression(operand, depth - 1);
        _text.Append(')');
    }

    private void Binary(int type, int depth)
    {
        string op = type switch
        {
            0 => Pick("i32.add", "i32.sub", "i32.mul", "i32.div_s", "i32.div_u", "i32.rem_s", "i32.rem_u", "i32.and", "i32.or", "i32.xor", "i32.shl", "i32.shr_s", "i32.shr_u", "i32.rotl", "i32.rotr"),
            1 => Pick("i64.add", "i64.sub", "i64.mul", "i64.div_s", "i64.div_u", "i64.rem_s", "i64.rem_u", "i64.and", "i64.or", "i64.xor", "i64.shl", "i64.shr_s", "i64.shr_u", "i64.rotl", "i64.rotr"),
            2 => Pick("f32.add", "f32.sub", "f32.mul", "f32.div", "f32.min", "f32.max"),
            _ => Pick("f64.add", "f64.sub", "f64.mul", "f64.div", "f64.min", "f64.max"),
        };
        _text.Append('(').Append(op).Append(' ');
        Expression(type, depth - 1);
        _text.Append(' ');
        Expression(type, depth - 1);
        _text.Append(')');
    }

    private void Unary(int type, int depth)
    {
        string op = type switch
        {
            0 => Pick("i32.clz", "i32.ctz", "i32.popcnt", "i32.extend8_s", "i32.extend16_s"),
            1 => Pick("i64.clz", "i64.ctz", "i64.popcnt", "i64.extend8_s", "i64.extend16_s", "i64.extend32_s"),
            2 => Pick("f32.abs", "f32.neg", "f32.sqrt", "f32.ceil", "f32.floor", "f32.trunc", "f32.nearest"),
            _ => Pick("f64.abs", "f64.neg", "f64.sqrt", "f64.ceil", "f64.floor", "f64.trunc", "f64.nearest"),
        };
        _text.Append('(').Append(op).Append(' ');
        Expression(type, depth - 1);
        _text.Append(')');
    }

    private void Convert(int type, int depth)
    {
        (string op, int from) = type switch
        {
            0 => PickConversion(("i32.wrap_i64", 1), ("i32.trunc_f32_s", 2), ("i32.trunc_f32_u", 2), ("i32.trunc_f64_s", 3), ("i32.trunc_f64_u", 3)),
            1 => PickConversion(("i64.extend_i32_s", 0), ("i64.extend_i32_u", 0), ("i64.trunc_f32_s", 2), ("i64.trunc_f32_u", 2), ("i64.trunc_f64_s", 3), ("i64.trunc_f64_u", 3)),
            2 => PickConversion(("f32.convert_i32_s", 0), ("f32.convert_i32_u", 0), ("f32.convert_i64_s", 1), ("f32.convert_i64_u", 1), ("f32.demote_f64", 3), ("f32.reinterpret_i32", 0)),
            _ => PickConversion(("f64.convert_i32_s", 0), ("f64.convert_i32_u", 0), ("f64.convert_i64_s", 1), ("f64.convert_i64_u", 1), ("f64.promote_f32", 2), ("f64.reinterpret_i64", 1)),
        };
        _text.Append('(').Append(op).Append(' ');
        Expression(from, depth - 1);
        _text.Append(')');
    }

    private void Load(int type, int depth)
    {
        string op = type switch
        {
            0 => Pick("i32.load", "i32.load8_s", "i32.load8_u", "i32.load16_s", "i32.load16_u"),
            1 => Pick("i64.load", "i64.load8_s", "i64.load8_u", "i64.load16_s", "i64.load16_u", "i64.load32_s", "i64.load32_u"),
            2 => "f32.load",
            _ => "f64.load",
        };
        _text.Append(CultureInfo.InvariantCulture, $"({op} offset={_random.Next(16)} ");
        Address(depth);
        _text.Append(')');
    }

    private void Leaf(int type)
    {
        if (_random.Next(3) == 0)
        {
            var locals = s_localsByType[type];
            _text.Append(CultureInfo.InvariantCulture, $"(local.get {locals[_random.Next(locals.Length)]})");
            return;
        }
        _text.Append(type switch
        {
            0 => "(i32.const " + PickInt32().ToString(CultureInfo.InvariantCulture) + ")",
            1 => "(i64.const " + PickInt64().ToString(CultureInfo.InvariantCulture) + ")",
            2 => "(f32.const " + FloatLiteral(PickDouble()) + ")",
            _ => "(f64.const " + FloatLiteral(PickDouble()) + ")",
        });
    }

    private int PickInt32() => _random.Next(6) switch
    {
        0 => 0,
        1 => 1,
        2 => -1,
        3 => _random.Next(2) == 0 ? int.MinValue : int.MaxValue,
        4 => _random.Next(-300, 300),
        _ => _random.Next(int.MinValue, int.MaxValue),
    };

    private long PickInt64() => _random.Next(6) switch
    {
        0 => 0,
        1 => 1,
        2 => -1,
        3 => _random.Next(2) == 0 ? long.MinValue : long.MaxValue,
        4 => _random.Next(-300, 300),
        _ => _random.NextInt64(long.MinValue, long.MaxValue),
    };

    private double PickDouble() => _random.Next(8) switch
    {
        0 => 0.0,
        1 => -0.0,
        2 => 0.5,
        3 => -2.5,
        4 => _random.Next(2) == 0 ? double.PositiveInfinity : double.NegativeInfinity,
        5 => 4294967296.0 * (_random.NextDouble() - 0.5) * 4,
        6 => double.NaN,
        _ => (_random.NextDouble() - 0.5) * Math.Pow(10, _random.Next(-5, 20)),
    };

    private static string FloatLiteral(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsPositiveInfinity(value)) return "inf";
        if (double.IsNegativeInfinity(value)) return "-inf";
        if (value == 0 && double.IsNegative(value)) return "-0.0";
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    private string Pick(params string[] options) => options[_random.Next(options.Length)];

    private (string, int) PickConversion(params (string, int)[] options) => options[_random.Next(options.Length)];

    /// <summary>Random arguments for <c>run</c>.</summary>
    public (int, long, double) Arguments() => (PickInt32(), PickInt64(), PickDouble());
}
