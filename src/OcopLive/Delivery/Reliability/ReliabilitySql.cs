namespace OcopLive.Delivery.Reliability;

/// <summary>
/// The trigger that keeps <c>buyer_reliability</c> (created by the migration
/// <c>CodMoneyAndBuyerReliability</c>). Why a trigger: a parcel's status changes in several places
/// (carrier callbacks, the stale-parcel poll, a person) and the counts must follow every one of
/// them exactly once; the trigger runs in the same transaction as the status change, so a count
/// can neither be missed nor doubled by a retry. It fires only when the status column changes.
/// </summary>
public static class ReliabilitySql
{
    public const string CreateTrigger = """
        CREATE OR REPLACE FUNCTION buyer_reliability_count() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
          d int := 0; r int := 0; f int := 0; buyer text;
          was text := CASE WHEN TG_OP = 'UPDATE' THEN OLD.status ELSE NULL END;
        BEGIN
          IF was IS NOT DISTINCT FROM NEW.status THEN RETURN NULL; END IF;
          IF NEW.status = 'Delivered' THEN d := 1; END IF;
          IF NEW.status = 'Returned' THEN r := 1; END IF;
          IF NEW.status IN ('Returning', 'Returned') AND (was IS NULL OR was NOT IN ('Returning', 'Returned'))
             AND (was IN ('Delivering', 'DeliveryFailed')
                  OR (NEW.carrier, NEW.carrier_status) IN (('GHN', 'delivery_fail'), ('GHTK', '9'), ('GHTK', '49'), ('ViettelPost', '505'))
                  OR EXISTS (SELECT 1 FROM shipment_events e WHERE e.shipment_id = NEW.id
                               AND (e.status IN ('Delivering', 'DeliveryFailed')
                                    OR (e.carrier, e.carrier_status) IN (('GHN', 'delivery_fail'), ('GHTK', '9'), ('GHTK', '49'), ('ViettelPost', '505'))))) THEN
            f := 1;
          END IF;
          IF d + r + f = 0 THEN RETURN NULL; END IF;
          SELECT customer_phone INTO buyer FROM orders WHERE id = NEW.order_id;
          IF buyer IS NULL THEN RETURN NULL; END IF;
          INSERT INTO buyer_reliability AS b (phone, delivered, returned, refused, updated_at)
          VALUES (buyer, d, r, f, now())
          ON CONFLICT (phone) DO UPDATE
             SET delivered = b.delivered + d, returned = b.returned + r, refused = b.refused + f, updated_at = now();
          RETURN NULL;
        END $$;
        CREATE TRIGGER shipments_buyer_reliability AFTER INSERT OR UPDATE OF status ON shipments
          FOR EACH ROW EXECUTE FUNCTION buyer_reliability_count();
        """;

    /// <summary>Counts parcels that already ended before the trigger existed (same rules, from the history).</summary>
    public const string Backfill = """
        INSERT INTO buyer_reliability (phone, delivered, returned, refused, updated_at)
        SELECT o.customer_phone,
               count(*) FILTER (WHERE s.status = 'Delivered'),
               count(*) FILTER (WHERE s.status = 'Returned'),
               count(*) FILTER (WHERE s.status IN ('Returning', 'Returned') AND EXISTS (
                   SELECT 1 FROM shipment_events e WHERE e.shipment_id = s.id
                      AND (e.status IN ('Delivering', 'DeliveryFailed')
                           OR (e.carrier, e.carrier_status) IN (('GHN', 'delivery_fail'), ('GHTK', '9'), ('GHTK', '49'), ('ViettelPost', '505'))))),
               now()
          FROM shipments s JOIN orders o ON o.id = s.order_id
         WHERE s.status IN ('Delivered', 'Returning', 'Returned')
         GROUP BY o.customer_phone
        ON CONFLICT (phone) DO NOTHING;
        """;

    public const string DropTrigger = """
        DROP TRIGGER IF EXISTS shipments_buyer_reliability ON shipments;
        DROP FUNCTION IF EXISTS buyer_reliability_count();
        """;
}
