using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace OcopLive.Common;

/// <summary>
/// Why a use case said no: the status and problem type the API answers with, and the messages a
/// page shows beside its fields. One value serves both callers, so they cannot drift apart.
/// </summary>
public sealed record Refusal(int Status, string Word, string Title, IDictionary<string, string[]>? Errors = null, string? Field = null)
{
    public static Refusal Invalid(Errors errors) => Invalid(errors.ToDictionary());

    public static Refusal Invalid(IDictionary<string, string[]> errors) =>
        new(StatusCodes.Status400BadRequest, "validation", Problems.ValidationTitle, errors);

    public static Refusal Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A 404; <paramref name="field"/> is where a page shows it (e.g. <c>productId</c>).</summary>
    public static Refusal NotFound(string title, string? field = null) => new(StatusCodes.Status404NotFound, "not-found", title, Field: field);

    public static Refusal Conflict(string word, string title, string? field = null) => new(StatusCodes.Status409Conflict, word, title, Field: field);

    public static Refusal Forbidden(string title) => new(StatusCodes.Status403Forbidden, "forbidden", title);

    /// <summary>A 503: the client may send the same request again after <paramref name="retryAfterSeconds"/>.</summary>
    public static Refusal Unavailable(string word, string title, int retryAfterSeconds) =>
        new(StatusCodes.Status503ServiceUnavailable, word, title) { RetryAfterSeconds = retryAfterSeconds };

    /// <summary>The problem's <c>detail</c>.</summary>
    public string? Detail { get; init; }

    /// <summary>Members of the problem beside the standard ones (e.g. <c>scope</c>).</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    /// <summary>For a 503 (or a 429): the <c>Retry-After</c> header, in seconds.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>The problem, with its <c>Retry-After</c> header set on <paramref name="response"/> when the refusal has one.</summary>
    public ProblemHttpResult ToProblem(HttpResponse response)
    {
        if (RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return ToProblem();
    }

    /// <summary>The RFC 9457 answer: a validation problem (with <c>errors</c>) for a 400, a plain problem otherwise.</summary>
    public ProblemHttpResult ToProblem()
    {
        ProblemDetails details = Errors is { Count: > 0 } errors
            ? new HttpValidationProblemDetails(errors)
            : new ProblemDetails();
        details.Status = Status;
        details.Title = Title;
        details.Type = Problems.TypeBase + Word;
        details.Detail = Detail;
        foreach (var (key, value) in Extensions ?? new Dictionary<string, object?>())
        {
            details.Extensions[key] = value;
        }

        return TypedResults.Problem(details);
    }

    /// <summary>Messages by field for a form; a refusal without field errors goes under <see cref="Field"/> (or <paramref name="fallbackField"/>).</summary>
    public IDictionary<string, string[]> ForForm(string fallbackField) =>
        Errors is { Count: > 0 } errors ? errors : new Dictionary<string, string[]> { [Field ?? fallbackField] = [Title] };
}

/// <summary>What a use case returns: the value it made, or the refusal.</summary>
public readonly record struct Outcome<T>(T? Value, Refusal? Refusal)
    where T : class
{
    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Refusal refusal) => new(null, refusal);
}

/// <summary>
/// The two shapes of a body-taking endpoint over a use case: read the body (413/400 problems),
/// run the use case, and answer 201 with where the new thing lives or 200 with the changed thing —
/// or the use case's refusal as a problem.
/// </summary>
public static class UseCaseEndpoint
{
    public static async Task<Results<Created<TResponse>, ProblemHttpResult>> CreateAsync<TRequest, TMade, TResponse>(
        HttpRequest request, Func<TRequest, Task<Outcome<TMade>>> useCase, Func<TMade, string> location,
        Func<TMade, TResponse> response, CancellationToken ct)
        where TRequest : class
        where TMade : class
    {
        var body = await JsonBody.ReadAsync<TRequest>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var (made, refusal) = await useCase(body.Value!);
        return refusal is not null ? refusal.ToProblem() : TypedResults.Created(location(made!), response(made!));
    }

    public static async Task<Results<Ok<TResponse>, ProblemHttpResult>> ChangeAsync<TRequest, TChanged, TResponse>(
        HttpRequest request, Func<TRequest, Task<Outcome<TChanged>>> useCase, Func<TChanged, TResponse> response, CancellationToken ct)
        where TRequest : class
        where TChanged : class
    {
        var body = await JsonBody.ReadAsync<TRequest>(request, ct);
        if (body.Problem is { } problem)
        {
            return problem;
        }

        var (changed, refusal) = await useCase(body.Value!);
        return refusal is not null ? refusal.ToProblem() : TypedResults.Ok(response(changed!));
    }

    /// <summary>A read or a body-less use case's answer: 200 with the value, or the refusal as a problem.</summary>
    public static Results<Ok<T>, ProblemHttpResult> Ok<T>(Outcome<T> outcome)
        where T : class =>
        outcome.Refusal is { } refusal ? refusal.ToProblem() : TypedResults.Ok(outcome.Value!);
}
