using PropertyFlow.Engine.Model;
using PropertyFlow.Engine.Persistence;
using PropertyFlow.Engine.Runtime.State;

namespace PropertyFlow.Engine.Runtime.Execution;

/// <summary>One instance loaded into a unit of work: its row, its state and its parsed model.</summary>
internal sealed class InstanceRuntime(InstanceRecord record, InstanceState state, ProcessModel model)
{
    public InstanceRecord Record { get; } = record;

    public InstanceState State { get; } = state;

    public ProcessModel Model { get; set; } = model;

    public Guid Id => Record.Id;

    public ScopeState RootScope => State.Scopes.First(s => s.ParentId is null);

    public TokenState GetToken(Guid id) =>
        State.Tokens.Find(t => t.Id == id) ?? throw new InvalidStateException($"Instance {Id} has no token {id}; it has moved on.");

    public TokenState? FindToken(Guid id) => State.Tokens.Find(t => t.Id == id);

    public ScopeState GetScope(Guid id) =>
        State.Scopes.Find(s => s.Id == id) ?? throw new InvalidOperationException($"Instance {Id} has no scope {id}.");

    public ScopeState? FindScope(Guid id) => State.Scopes.Find(s => s.Id == id);

    public IEnumerable<TokenState> TokensIn(Guid scopeId) => State.Tokens.Where(t => t.ScopeId == scopeId);

    public IEnumerable<ScopeState> ChildScopes(Guid scopeId) => State.Scopes.Where(s => s.ParentId == scopeId);

    public FlowNode NodeOf(TokenState token) => Model.GetNode(token.ElementId);

    /// <summary>Every variable the token sees: process, then each enclosing scope, then the activity's locals.</summary>
    public Dictionary<string, object?> VisibleVariables(TokenState? token, Guid? scopeId = null)
    {
        var chain = new List<ScopeState>();
        var scope = FindScope(token?.ScopeId ?? scopeId ?? RootScope.Id);
        while (scope is not null)
        {
            chain.Add(scope);
            scope = scope.ParentId is { } p ? FindScope(p) : null;
        }

        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            foreach (var (k, v) in chain[i].Variables)
            {
                result[k] = v;
            }
        }

        if (token?.Locals is { } locals)
        {
            foreach (var (k, v) in locals)
            {
                result[k] = v;
            }
        }

        return result;
    }

    /// <summary>
    /// Where a variable set from <paramref name="token"/> goes: the activity's locals or the nearest scope
    /// that already has it, else the process scope (Camunda's rule).
    /// </summary>
    public Dictionary<string, object?> TargetFor(TokenState? token, Guid scopeId, string name)
    {
        if (token?.Locals is { } locals && locals.ContainsKey(name))
        {
            return locals;
        }

        var scope = FindScope(scopeId);
        while (scope is not null)
        {
            if (scope.Variables.ContainsKey(name))
            {
                return scope.Variables;
            }

            scope = scope.ParentId is { } p ? FindScope(p) : null;
        }

        return RootScope.Variables;
    }
}
