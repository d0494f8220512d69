namespace Consultations.Core.Storage;

public enum ConflictReason
{
    /// <summary>Someone else saved (or deleted) the document since it was read.</summary>
    StaleVersion,

    /// <summary>A document with that identity already exists.</summary>
    AlreadyExists,
}

/// <summary>A write lost a race. Nothing was written; the caller decides how to merge.</summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException(string documentType, string id, ConflictReason reason)
        : base(reason == ConflictReason.AlreadyExists
            ? $"A {documentType} with id '{id}' already exists."
            : $"The {documentType} '{id}' was changed by someone else since it was read.")
    {
        DocumentType = documentType;
        Id = id;
        Reason = reason;
    }

    public ConcurrencyConflictException()
    {
        DocumentType = string.Empty;
        Id = string.Empty;
    }

    public ConcurrencyConflictException(string message)
        : base(message)
    {
        DocumentType = string.Empty;
        Id = string.Empty;
    }

    public ConcurrencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
        DocumentType = string.Empty;
        Id = string.Empty;
    }

    public string DocumentType { get; }

    public string Id { get; }

    public ConflictReason Reason { get; }
}

/// <summary>An update or delete named a document that does not exist (reads return null instead).</summary>
public sealed class DocumentNotFoundException : Exception
{
    public DocumentNotFoundException(string documentType, string id)
        : base($"The {documentType} '{id}' does not exist.")
    {
        DocumentType = documentType;
        Id = id;
    }

    public DocumentNotFoundException()
    {
        DocumentType = string.Empty;
        Id = string.Empty;
    }

    public DocumentNotFoundException(string message)
        : base(message)
    {
        DocumentType = string.Empty;
        Id = string.Empty;
    }

    public DocumentNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        DocumentType = string.Empty;
        Id = string.Empty;
    }

    public string DocumentType { get; }

    public string Id { get; }
}

/// <summary>The store refused a document it cannot hold (e.g. too large); the message is safe to show.</summary>
public sealed class DocumentRejectedException : Exception
{
    public DocumentRejectedException(string message)
        : base(message)
    {
    }

    public DocumentRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DocumentRejectedException()
    {
    }
}

/// <summary>The store did not answer in time or refused the app (throttled past its retries, unreachable, unauthorised); safe to retry later.</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StoreUnavailableException()
    {
    }
}
