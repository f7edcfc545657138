namespace Mine.Protocols.Pickle;

/// <summary>
/// The stack, marks and containers. Python keeps a list per MARK; we keep one flat stack plus the positions of
/// the marks, with the same rule: an opcode only sees the items above the innermost mark.
/// </summary>
internal sealed partial class Unpickler
{
    private int CurrentFrameBase => _markCount == 0 ? 0 : _marks[_markCount - 1];

    private bool TryPush(PickleValue value)
    {
        if (_stackCount == _stack.Length)
        {
            if (_stackCount >= MaxStackDepth)
            {
                return Fail($"pickle stack exceeds {MaxStackDepth} items");
            }

            Array.Resize(ref _stack, _stack.Length * 2);
        }

        _stack[_stackCount++] = value;
        return true;
    }

    private bool TryPeek(out PickleValue value)
    {
        if (_stackCount <= CurrentFrameBase)
        {
            value = default;
            return Fail("unpickling stack underflow");
        }

        value = _stack[_stackCount - 1];
        return true;
    }

    private bool TryPop(out PickleValue value)
    {
        if (!TryPeek(out value))
        {
            return false;
        }

        _stackCount--;
        return true;
    }

    /// <summary>POP: Python drops the top item, or the innermost mark when no item sits above it.</summary>
    private bool TryPopOne()
    {
        if (_stackCount > CurrentFrameBase)
        {
            _stackCount--;
            return true;
        }

        return TryPopMark(out _);
    }

    private bool TryPushMark()
    {
        if (_markCount == _marks.Length)
        {
            if (_markCount >= MaxStackDepth)
            {
                return Fail($"pickle has more than {MaxStackDepth} open marks");
            }

            Array.Resize(ref _marks, _marks.Length * 2);
        }

        _marks[_markCount++] = _stackCount;
        return true;
    }

    /// <summary>Closes the innermost mark; the items above it stay on the stack for the caller to consume.</summary>
    private bool TryPopMark(out int mark)
    {
        if (_markCount == 0)
        {
            mark = 0;
            return Fail("could not find MARK");
        }

        mark = _marks[--_markCount];
        return true;
    }

    private bool TryTruncate(int count)
    {
        _stackCount = count;
        return true;
    }

    /// <summary>Moves the top <paramref name="count"/> items into a new list or tuple and pushes it.</summary>
    private bool TryNewContainer(PickleKind kind, int count)
    {
        if (_stackCount - CurrentFrameBase < count)
        {
            return Fail("unpickling stack underflow");
        }

        if (_containerCount == _containers.Length)
        {
            if (_containerCount >= MaxContainerElements)
            {
                return Fail($"pickle builds more than {MaxContainerElements} lists and tuples");
            }

            Array.Resize(ref _containers, _containers.Length * 2);
        }

        var container = _containerCount++;
        _containers[container] = new Container { First = -1, Last = -1 };
        var firstItem = _stackCount - count;
        for (var i = firstItem; i < _stackCount; i++)
        {
            if (!TryAddElement(container, _stack[i]))
            {
                return false;
            }
        }

        _stackCount = firstItem;
        return TryPush(PickleValue.Container(kind, container));
    }

    /// <summary>APPEND/APPENDS: the top <paramref name="count"/> items go into the list just below them.</summary>
    private bool TryAppend(int count)
    {
        var target = _stackCount - count - 1;
        if (target < CurrentFrameBase)
        {
            return Fail("unpickling stack underflow");
        }

        if (count == 0)
        {
            return true; // CPython returns before looking at the target of an empty APPENDS
        }

        var list = _stack[target];
        if (list.Kind != PickleKind.List)
        {
            return Fail($"APPEND target is a {list.Kind}, not a list");
        }

        for (var i = target + 1; i < _stackCount; i++)
        {
            if (!TryAddElement(list.Start, _stack[i]))
            {
                return false;
            }
        }

        _stackCount = target + 1;
        return true;
    }

    private bool TryAddElement(int container, PickleValue value)
    {
        if (_elementCount == _elements.Length)
        {
            if (_elementCount >= MaxContainerElements)
            {
                return Fail($"pickle holds more than {MaxContainerElements} list and tuple elements");
            }

            Array.Resize(ref _elements, _elements.Length * 2);
        }

        var element = _elementCount++;
        _elements[element] = new Element { Value = value, Next = -1 };
        ref var header = ref _containers[container];
        if (header.Last < 0)
        {
            header.First = element;
        }
        else
        {
            _elements[header.Last].Next = element;
        }

        header.Last = element;
        header.Count++;
        return true;
    }
}
