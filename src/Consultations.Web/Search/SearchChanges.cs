using System.Threading.Channels;
using Consultations.Core.Storage;

namespace Consultations.Web.Search;

/// <summary>
/// This instance's own writes, handed to <see cref="SearchIndexMaintainer"/> as they happen so the writer finds them
/// within a second; the store's change feed brings them again later (harmless) and brings other instances' writes.
/// </summary>
public sealed class SearchChanges
{
    // Unbounded but tiny items; a burst of writes is coalesced by the maintainer, which drains everything at once.
    private readonly Channel<StoreChange> _channel = Channel.CreateUnbounded<StoreChange>(new UnboundedChannelOptions { SingleReader = true });

    public void Post(StoreChange change) => _channel.Writer.TryWrite(change);

    internal ChannelReader<StoreChange> Reader => _channel.Reader;
}
