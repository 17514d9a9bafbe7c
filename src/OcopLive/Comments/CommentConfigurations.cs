using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OcopLive.Catalog;
using OcopLive.Orders;
using OcopLive.Sessions;

namespace OcopLive.Comments;

internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> b)
    {
        b.ToTable("comments", t => t.HasCheckConstraint("ck_comments_quantity", "quantity IS NULL OR quantity >= 1"));
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.CommentId).HasMaxLength(Comment.MaxCommentIdLength);
        b.Property(c => c.Author).HasMaxLength(Comment.MaxAuthorLength);
        b.Property(c => c.Text).HasMaxLength(Comment.MaxTextLength);
        b.Property(c => c.Phone).HasMaxLength(16);
        b.Property(c => c.ClaimedBy).HasMaxLength(256);
        b.Property(c => c.HandledBy).HasMaxLength(256);
        b.HasOne<Session>().WithMany().HasForeignKey(c => c.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Product>().WithMany().HasForeignKey(c => c.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Order>().WithMany().HasForeignKey(c => c.OrderId).OnDelete(DeleteBehavior.SetNull);
        // A comment seen again (a connector's reconnect, a retried POST) is stored once.
        b.HasIndex(c => new { c.SessionId, c.Platform, c.CommentId }).IsUnique();
        // The desk reads a session's comments in arrival order.
        b.HasIndex(c => new { c.SessionId, c.ReceivedAt });
    }
}

internal sealed class CommentSourceConfiguration : IEntityTypeConfiguration<CommentSource>
{
    public void Configure(EntityTypeBuilder<CommentSource> b)
    {
        b.ToTable("comment_sources");
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.StreamId).HasMaxLength(CommentSource.MaxStreamIdLength);
        b.Property(s => s.Cursor).HasMaxLength(1_000);
        b.Property(s => s.LastError).HasMaxLength(500);
        b.HasOne<Session>().WithMany().HasForeignKey(s => s.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.SessionId, s.Platform, s.StreamId }).IsUnique();
    }
}
